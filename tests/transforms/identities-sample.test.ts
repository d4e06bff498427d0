// Scores identity resolution on the default sample (2,000 customers, seed 42) against the generator's ground truth.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { extractAndLoad } from '../../load/load.js';
import { generateSample } from '../../sources/sample/index.js';
import { sourceFromConfig } from '../../sources/index.js';
import { buildIdentities } from '../../transforms/identities.js';
import { literal } from '../../warehouse/warehouse.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
let score: { precision: number; recall: number; records: number; unassigned: number };

beforeAll(async () => {
  t = await tempWarehouse();
  await generateSample({ customers: 2000, seed: 42, outDir: path.join(t.dir, 'sample') });
  const loaded = parseConfig(
    {
      sources: {
        email: { connector: 'file', channel: 'email', path: 'sample/email_events.csv' },
        social: { connector: 'file', channel: 'social', path: 'sample/social_interactions.ndjson' },
        orders: { connector: 'file', channel: 'orders', path: 'sample/orders.csv' },
      },
      identity: { defaultCountry: 'DE', fallbackCountries: ['US'] },
    },
    path.join(t.dir, 'rapport.config.ts'),
    {},
  );
  for (const [name, config] of Object.entries(loaded.config.sources))
    await extractAndLoad(t.warehouse, sourceFromConfig(name, config, loaded.baseDir), 'run-1');
  await buildIdentities(t.warehouse, { config: loaded.config.identity, runId: 'run-1', now: new Date('2026-01-01T00:00:00Z') });
  // Pairwise scores from contingency counts: pairs within a (cluster, person) cell are true pairs, C(n,2) each.
  const [row] = await t.warehouse.all<typeof score>(`
    CREATE TEMP TABLE truth AS SELECT * FROM read_csv(${literal(path.join(t.dir, 'sample', 'ground_truth.csv'))}, all_varchar = true);
    WITH joined AS (
      SELECT g.person_id, rc.customer_id
      FROM truth g LEFT JOIN customer_records rc
        ON rc.channel = g.source AND (CASE g.source WHEN 'social' THEN split_part(rc.record_id, ':', 2) ELSE rc.record_id END) = g.record_id
    ), cells AS (SELECT count(*) AS n FROM joined GROUP BY customer_id, person_id),
    clusters AS (SELECT count(*) AS n FROM joined GROUP BY customer_id),
    persons AS (SELECT count(*) AS n FROM joined GROUP BY person_id)
    SELECT (SELECT sum(n * (n - 1) / 2) FROM cells) / (SELECT sum(n * (n - 1) / 2) FROM clusters) AS precision,
           (SELECT sum(n * (n - 1) / 2) FROM cells) / (SELECT sum(n * (n - 1) / 2) FROM persons) AS recall,
           (SELECT count(*) FROM joined) AS records,
           (SELECT count(*) FROM joined WHERE customer_id IS NULL) AS unassigned`);
  score = row!;
}, 300_000);
afterAll(async () => { await t.dispose(); });

describe('identity resolution on the default sample', () => {
  it('reaches pairwise precision and recall of at least 0.98 against the ground truth', () => {
    console.log(`identity resolution on the default sample: ${JSON.stringify(score)}`);
    expect(score.records).toBeGreaterThan(50_000);
    expect(score.unassigned).toBe(0);
    expect(score.precision).toBeGreaterThanOrEqual(0.98);
    expect(score.recall).toBeGreaterThanOrEqual(0.98);
  });

  it('assigns every record to exactly one customer', async () => {
    const [row] = await t.warehouse.all<{ records: number; rows: number }>(`
      SELECT (SELECT count(*) FROM (SELECT DISTINCT channel, record_id FROM record_identifiers JOIN identity_values USING (kind, raw))) AS records,
             (SELECT count(*) FROM customer_records) AS rows`);
    expect(row!.rows).toBe(row!.records);
  });

  it('keeps the placeholders as observations but never links on them', async () => {
    const rows = await t.warehouse.all<{ identity: string; status: string; records: number }>(
      `SELECT identity, status, records FROM identities WHERE identity IN ('email:test@example.com', 'phone:+10000000000') ORDER BY 1`);
    expect(rows.map((r) => [r.identity, r.status])).toEqual([['email:test@example.com', 'blocked'], ['phone:+10000000000', 'blocked']]);
    expect(rows.every((r) => r.records > 1)).toBe(true);
  });
});
