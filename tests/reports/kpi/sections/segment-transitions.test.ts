import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportPeriod } from '../../../../reports/period.js';
import { segmentTransitions } from '../../../../reports/kpi/sections/segment-transitions.js';
import { tempWarehouse, type TempWarehouse } from '../../../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const params = { asOf: '2026-03-02', period: reportPeriod('2026-03-02', 'week') };
const table = `CREATE TABLE segment_transitions (from_as_of DATE, to_as_of DATE, from_segment VARCHAR, to_segment VARCHAR, customers BIGINT)`;

describe('segment transitions section', () => {
  it('says there is nothing to compare yet on the first run (one snapshot), with no figures rather than zeros', async () => {
    await t.warehouse.run(table); // what the transform leaves when rfm_history has one snapshot
    const view = await segmentTransitions.build(t.warehouse, params);
    expect(view.chart).toEqual({ kind: 'empty', reason: 'no-data', message: expect.stringMatching(/^Nothing to compare yet: this is the first snapshot/) });
    expect(view.figures.map((f) => f.value)).toEqual([null, null, null]);
  });

  it('names the two snapshot dates when nobody moved', async () => {
    await t.warehouse.run(`${table}; INSERT INTO segment_transitions VALUES ('2026-02-23', '2026-03-02', 'Champions', 'Champions', 4)`);
    const view = await segmentTransitions.build(t.warehouse, params);
    expect(view.chart).toEqual({ kind: 'empty', reason: 'no-data', message: 'No customer changed segment between 2026-02-23 and 2026-03-02.' });
    expect(view.figures.map((f) => f.value)).toEqual([0, 0, 0]);
    expect(view.figures[1]?.definition).toBe('Customers whose segment became At Risk between 2026-02-23 and 2026-03-02.');
  });
});
