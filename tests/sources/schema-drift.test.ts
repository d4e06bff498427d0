import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractAndLoad } from '../../load/load.js';
import { emailChannel } from '../../sources/contracts/index.js';
import { fileSource } from '../../sources/file/index.js';
import { FileSourceConfig } from '../../sources/file/schema.js';
import { describeDrift } from '../../load/schema-drift.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
let logs: string[];
beforeEach(async () => { t = await tempWarehouse(); logs = []; });
afterEach(async () => { await t.dispose(); });

const v1 = 'event_id,event_type,email,campaign_id,occurred_at\ne1,send,a@b.test,c1,2026-01-01T00:00:00Z\n';
const load = (policy: 'evolve' | 'stop', run: string) => extractAndLoad(t.warehouse, fileSource('esp', emailChannel, FileSourceConfig.parse({
  connector: 'file', channel: 'email', path: 'events.csv', onSchemaDrift: policy,
}), t.dir), run, (m) => logs.push(m));
const count = async () => (await t.warehouse.all<{ n: number }>('SELECT count(*) AS n FROM email_events'))[0]?.n;

async function driftTo(content: string, policy: 'evolve' | 'stop') {
  await t.files({ 'events.csv': v1 });
  await load(policy, 'run-1');
  await t.files({ 'events.csv': content });
  return load(policy, 'run-2').then(() => undefined, (e: Error) => e.message);
}

describe('schema drift', () => {
  it('describes new, missing and retyped columns, ignoring columns seen only as null', () => {
    expect(describeDrift(
      [{ name: 'a', type: 'VARCHAR' }, { name: 'b', type: 'BIGINT' }, { name: 'c', type: 'VARCHAR' }, { name: 'd', type: 'DOUBLE' }],
      [{ name: 'a', type: 'VARCHAR' }, { name: 'b', type: 'VARCHAR' }, { name: 'd', type: 'NULL' }, { name: 'e', type: 'BIGINT' }],
    )).toEqual(['new column "e" (BIGINT)', 'missing column "c" (was VARCHAR)', 'column "b" changed type from BIGINT to VARCHAR']);
  });

  it('stops on a new column under onSchemaDrift "stop", naming source and column, loading nothing of the file', async () => {
    const error = await driftTo('event_id,event_type,email,campaign_id,occurred_at,coupon\ne2,open,a@b.test,c1,2026-01-02T00:00:00Z,X\n', 'stop');
    expect(error).toMatch(/^source esp: schema drift at \S+events\.csv: new column "coupon" \(VARCHAR\)\. onSchemaDrift is 'stop', so nothing was loaded/);
    expect(await count()).toBe(1);
  });

  it('logs the new column and loads under "evolve", then stays quiet once the new layout is known', async () => {
    expect(await driftTo('event_id,event_type,email,campaign_id,occurred_at,coupon\ne2,open,a@b.test,c1,2026-01-02T00:00:00Z,X\n', 'evolve')).toBeUndefined();
    expect(logs.filter((l) => l.includes('schema drift'))).toEqual([expect.stringMatching(/^source esp: schema drift at \S+events\.csv: new column "coupon" \(VARCHAR\) \(accepted/)]);
    expect(await count()).toBe(2);
    await t.files({ 'events.csv': 'event_id,event_type,email,campaign_id,occurred_at,coupon\ne3,open,a@b.test,c1,2026-01-03T00:00:00Z,Y\n' });
    await load('evolve', 'run-3');
    expect(logs.filter((l) => l.includes('schema drift'))).toHaveLength(1);
  });

  it('reports a changed column type by name', async () => {
    const error = await driftTo('event_id,event_type,email,campaign_id,occurred_at\ne2,open,a@b.test,c1,yesterday\n', 'stop');
    expect(error).toMatch(/source esp: schema drift .*column "occurred_at" changed type from TIMESTAMP WITH TIME ZONE to VARCHAR/);
  });

  it('reports a missing optional column under "stop", and a missing required column under any policy', async () => {
    expect(await driftTo('event_id,event_type,email,occurred_at\ne2,open,a@b.test,2026-01-02T00:00:00Z\n', 'stop'))
      .toMatch(/source esp: schema drift .*missing column "campaign_id"/);
    const t2 = t;
    await t2.files({ 'events.csv': 'event_id,event_type,campaign_id,occurred_at\ne2,open,c1,2026-01-02T00:00:00Z\n' });
    await expect(load('evolve', 'run-3')).rejects.toThrow(/^source esp: \S+events\.csv: required field "email" has no column to come from \(expected a column of that name\)/);
  });
});
