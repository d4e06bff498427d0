// `rapport recommend`: build and the time-split evaluation on the full UCI Online Retail file.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
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

const percent = (line: string | undefined) => (line ?? '').trim().split(/\s{2,}/).slice(1, 4).map((p) => Number(p.replace('%', '')) / 100);
const docPath = path.resolve(import.meta.dirname, '../../docs/recommendations.md');

/** The figures docs/recommendations.md shows for `label` (a table row: | label | hit | recall | coverage |). */
async function documented(label: string): Promise<string[]> {
  const doc = await readFile(docPath, 'utf8');
  const row = doc.split('\n').find((l) => l.startsWith(`| ${label} |`));
  if (!row) throw new Error(`docs/recommendations.md has no row "${label}"`);
  return row.split('|').slice(2, 5).map((c) => c.trim());
}
const shown = (line: string | undefined) => (line ?? '').trim().split(/\s{2,}/).slice(1, 4);

describe('rapport recommend evaluate on Online Retail (train before 2011-09-01)', () => {
  it('beats the popularity baseline: hit rate@10 by 1.5x or more, recall@10 by 3x or more, far wider coverage; figures as documented', async () => {
    const r = await cli(['recommend', 'evaluate', '--train-before', '2011-09-01', '--k', '10']);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('recommendations evaluated: trained before 2011-09-01, tested on 1952 customers who bought afterwards, K = 10');
    const [hit, recall, coverage] = percent(r.out[2]);
    const [baseHit, baseRecall, baseCoverage] = percent(r.out[3]);
    const [stapleHit] = percent(r.out[4]);
    // The 2x on hit rate is NOT reached (see docs/recommendations.md for why).
    expect(hit! / baseHit!).toBeGreaterThanOrEqual(1.5);
    expect(hit!).toBeGreaterThan(stapleHit!);   // co-purchase adds to the customer's own staples
    expect(recall! / baseRecall!).toBeGreaterThanOrEqual(3);
    expect(coverage! / baseCoverage!).toBeGreaterThanOrEqual(10);
    expect(shown(r.out[2])).toEqual(await documented('recommender (default: exclude 90 days)'));
    expect(shown(r.out[3])).toEqual(await documented('popularity'));
    expect(shown(r.out[4])).toEqual(await documented('own staples'));
  }, 180_000);

  it('on products new to each customer (--exclude-days 3650) still beats popularity, as documented', async () => {
    const r = await cli(['recommend', 'evaluate', '--train-before', '2011-09-01', '--k', '10', '--exclude-days', '3650']);
    expect(r.code).toBe(0);
    const [hit] = percent(r.out[2]);
    const [baseHit] = percent(r.out[3]);
    expect(hit! / baseHit!).toBeGreaterThanOrEqual(1.3);
    expect(shown(r.out[2])).toEqual(await documented('recommender, `--exclude-days 3650` (only products new to the customer)'));
    expect(shown(r.out[3])).toEqual(await documented('popularity, same'));
  }, 180_000);

  it('on the earlier split where settings are chosen (test June–August 2011, --test-before) also beats popularity, as documented', async () => {
    const r = await cli(['recommend', 'evaluate', '--train-before', '2011-06-01', '--test-before', '2011-09-01', '--k', '10']);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('recommendations evaluated: trained before 2011-06-01, tested on 1349 customers who bought afterwards (before 2011-09-01), K = 10');
    const [hit] = percent(r.out[2]);
    const [baseHit] = percent(r.out[3]);
    expect(hit! / baseHit!).toBeGreaterThanOrEqual(1.5);
    expect(shown(r.out[2])).toEqual(await documented('recommender, June–August 2011'));
    expect(shown(r.out[3])).toEqual(await documented('popularity, June–August 2011'));
    expect(shown(r.out[4])).toEqual(await documented('own staples, June–August 2011'));
  }, 180_000);

  it('docs/recommendations.md shows only commands this file runs', async () => {
    const doc = await readFile(docPath, 'utf8');
    const commands = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.trim().split('\n'))
      .map((c) => c.replace(/ --config \S+$/, ''));
    expect(commands.sort()).toEqual([
      'npx rapport recommend build --count 5',
      'npx rapport recommend evaluate --train-before 2011-06-01 --test-before 2011-09-01 --k 10',
      'npx rapport recommend evaluate --train-before 2011-09-01 --k 10',
      'npx rapport recommend evaluate --train-before 2011-09-01 --k 10 --exclude-days 3650',
    ]);
  });

  it('needs --train-before', async () => {
    const r = await cli(['recommend', 'evaluate']);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/--train-before: is required/);
  });

  it('refuses a test period that ends before it starts', async () => {
    const r = await cli(['recommend', 'evaluate', '--train-before', '2011-09-01', '--test-before', '2011-06-01']);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/--test-before: 2011-06-01 is not after --train-before 2011-09-01/);
  });

  it('builds product_recommendations for every customer, 5 each by default', async () => {
    const r = await cli(['recommend', 'build', '--count', '5']);   // as of the day after the last order: 2011-12-10
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^product_recommendations as of 2011-12-10: 21\d{3} rows for 43\d\d customers/);
  }, 300_000);
});
