// The predicted-value figures carry their reliability (customers used, convergence, error on past data), and the
// model check says why it has no figures instead of showing zeros.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportPeriod } from '../../../../reports/period.js';
import { judgeClvReliability } from '../../../../reports/kpi/clv-reliability.js';
import { bgnbdCalibration } from '../../../../reports/kpi/sections/bgnbd-calibration.js';
import { clvDistribution } from '../../../../reports/kpi/sections/clv-distribution.js';
import { customersAtRisk } from '../../../../reports/kpi/sections/customers-at-risk.js';
import { clvModels, columnDefinitions } from '../../../../transforms/contracts/index.js';
import { loadUpstreamFixture } from '../../../helpers/kpi-upstream-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../../../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const params = () => ({ asOf: '2026-03-02', period: reportPeriod('2026-03-02', 'week'), shared: new Map() });

/** A clv_models row as the CLV step writes it (only the columns the judgement reads differ between tests). */
async function fitRecord(customers: number, repeat: number, converged: boolean | null, fitted = true) {
  await t.warehouse.run(`CREATE TABLE clv_models (${columnDefinitions(clvModels)})`);
  await t.warehouse.run(`INSERT INTO clv_models (as_of, calibration_end, period, customers, repeat_customers, r, bgnbd_converged, spend_model,
      horizon_days, clv_months, monthly_discount_rate, warnings)
    VALUES (DATE '2026-03-02', DATE '2026-03-01', 'week', $1, $2, $3, $4, 'gamma-gamma', 90, 12, 0.01, [])`, [customers, repeat, fitted ? 0.5 : null, converged]);
}

describe('reliability of the predicted-value figures', () => {
  it('is judged from customers used, convergence and the error on past data (hand-worked cases)', () => {
    expect(judgeClvReliability({ customers: 900, repeatCustomers: 310, converged: true, holdoutRatio: 1.08 })).toEqual({
      level: 'ok', text: 'Reliable: based on 900 customers, 310 of whom bought more than once; tested on past data, it predicted 8.0% more repeat purchases than happened.' });
    expect(judgeClvReliability({ customers: 40, repeatCustomers: 6, converged: true, holdoutRatio: 0.9 }).text)
      .toBe('Unreliable: that is fewer than the 30 repeat buyers a dependable estimate needs; based on 40 customers, 6 of whom bought more than once; '
        + 'tested on past data, it predicted 10.0% fewer repeat purchases than happened. Treat these figures as rough guesses.');
    expect(judgeClvReliability({ customers: 900, repeatCustomers: 310, converged: false, holdoutRatio: 1 }).level).toBe('unreliable');
    expect(judgeClvReliability({ customers: 900, repeatCustomers: 310, converged: true, holdoutRatio: 1.3 }).level).toBe('caution'); // 30 % off
    expect(judgeClvReliability({ customers: 900, repeatCustomers: 310, converged: true, holdoutRatio: 0.4 }).level).toBe('unreliable'); // 60 % off
    expect(judgeClvReliability({ customers: 900, repeatCustomers: 310, converged: true, holdoutRatio: null }))
      .toEqual({ level: 'caution', text: 'Use with care: it has not been tested on past data yet; based on 900 customers, 310 of whom bought more than once.' });
  });

  it('shows next to the predicted values and the customers at risk, flagging a fit that did not converge', async () => {
    await loadUpstreamFixture(t.warehouse); // holdout: 67 predicted vs 69 actual repeat purchases
    await fitRecord(1200, 14, false);
    const p = params();
    for (const section of [clvDistribution, customersAtRisk, bgnbdCalibration]) {
      const view = await section.build(t.warehouse, p);
      expect(view.reliability?.level, section.id).toBe('unreliable');
      expect(view.reliability?.text, section.id).toContain('based on 1,200 customers, 14 of whom bought more than once');
      expect(view.reliability?.text, section.id).toContain("the model's fit did not settle on an answer");
      expect(view.reliability?.text, section.id).toContain('it predicted 2.9% fewer repeat purchases than happened'); // 67 / 69 − 1
    }
  });

  it('says "use with care" when there is no record of the fit', async () => {
    await loadUpstreamFixture(t.warehouse);
    const view = await clvDistribution.build(t.warehouse, params());
    expect(view.reliability).toEqual({ level: 'caution', text: expect.stringMatching(/^Use with care: there is no record of how the model was fitted; tested on past data/) });
  });

  it('calls a model that could not be fitted at all unreliable', async () => {
    await loadUpstreamFixture(t.warehouse);
    await fitRecord(50, 40, null, false);
    expect((await clvDistribution.build(t.warehouse, params())).reliability?.level).toBe('unreliable');
  });
});

describe('model check with no rows', () => {
  it('shows no figures (not "0 predicted") and says why the check has not run', async () => {
    await loadUpstreamFixture(t.warehouse);
    await t.warehouse.run('DELETE FROM clv_calibration'); // what the CLV step leaves when there is too little history
    const view = await bgnbdCalibration.build(t.warehouse, params());
    expect(view.figures.map((f) => f.value)).toEqual([null, null, null]);
    expect(view.chart).toEqual({ kind: 'empty', reason: 'no-data', message: expect.stringMatching(/^The check has not run yet: it needs a longer order history/) });
    expect(view.reliability?.text).toContain('it has not been tested on past data yet');
  });
});
