// `rapport recommend`: build and the time-split evaluation on the full UCI Online Retail file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { parseConfig } from '../../config/load-config.js';
import example from '../../examples/online-retail/rapport.config.js';
import { extractAndLoad } from '../../load/load.js';
import { sourceFromConfig } from '../../sources/index.js';
import { buildCustomer360 } from '../../transforms/customer-360.js';
import { buildIdentities } from '../../transforms/identities.js';
import { datasetPath } from '../helpers/datasets.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
let config: string;

// The whole file (541,909 lines) through the example's real mapping, identities and customer_360: ~15 s.
beforeAll(async () => {
  t = await tempWarehouse();
  const loaded = parseConfig(example, '/repo/examples/online-retail/rapport.config.ts');
  const orders = loaded.config.sources.orders!;
  if (orders.connector !== 'file') throw new Error('the example reads orders from a file');
  await extractAndLoad(t.warehouse, sourceFromConfig('orders', { ...orders, path: datasetPath('online-retail/online-retail.csv.gz') }, t.dir), 'test');
  await buildIdentities(t.warehouse);
  await buildCustomer360(t.warehouse, { asOf: '2011-12-10' });
  t.warehouse.close(); // the command opens the file itself
  ({ 'rapport.config.mjs': config } = await t.files({ 'rapport.config.mjs': 'export default { sources: {} };\n' }) as { 'rapport.config.mjs': string });
}, 120_000);
afterAll(async () => { await t.dispose(); });

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args, '--config', config], { out: (l) => out.push(l), err: (l) => err.push(l), env: { RAPPORT_WAREHOUSE: t.warehouse.path }, cwd: t.dir });
  return { code, out, err };
}

const percent = (line: string | undefined) => (line ?? '').trim().split(/\s+/).slice(1, 4).map((p) => Number(p.replace('%', '')) / 100);

describe('rapport recommend evaluate on Online Retail (train before 2011-09-01)', () => {
  it('beats the popularity baseline: hit rate@10 by 1.25x or more, recall@10 by 2x or more, far wider coverage', async () => {
    const r = await cli(['recommend', 'evaluate', '--train-before', '2011-09-01', '--k', '10']);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('recommendations evaluated: trained before 2011-09-01, tested on 1952 customers who bought afterwards, K = 10');
    const [hit, recall, coverage] = percent(r.out[2]);
    const [baseHit, baseRecall, baseCoverage] = percent(r.out[3]);
    // Measured: 59.1% / 4.6% / 38.7% against 44.3% / 2.0% / 1.3%. The 2x on hit rate is NOT reached (see README).
    expect(hit! / baseHit!).toBeGreaterThanOrEqual(1.25);
    expect(recall! / baseRecall!).toBeGreaterThanOrEqual(2);
    expect(coverage! / baseCoverage!).toBeGreaterThanOrEqual(10);
  }, 120_000);

  it('needs --train-before', async () => {
    const r = await cli(['recommend', 'evaluate']);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/--train-before: is required/);
  });

  it('builds product_recommendations for every customer, 5 each by default', async () => {
    const r = await cli(['recommend', 'build', '--as-of', '2011-12-10']);
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^product_recommendations as of 2011-12-10: 21\d{3} rows for 43\d\d customers/);
  }, 120_000);
});
