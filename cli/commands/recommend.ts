// `rapport recommend build|evaluate`: builds product_recommendations, or scores them on a time split against popularity.
import { z } from 'zod';
import { resolveAsOf } from '../../transforms/as-of.js';
import { buildProductRecommendations, recommendationDefaults, warehousePurchases } from '../../transforms/product-recommendations.js';
import { evaluateRecommendations, type RecommenderScores } from '../../transforms/recommendation-evaluation.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { commandConfig } from '../command-config.js';
import { UsageError, type Command } from '../command.js';

const count = z.coerce.number().int().positive();
const Args = z.object({
  'train-before': z.iso.date().optional(),
  'test-before': z.iso.date().optional(),
  'as-of': z.iso.date().optional(),
  k: count.default(10),
  count: count.optional(),
  'exclude-days': z.coerce.number().int().min(0).optional(),
  exclude: z.string().optional(),
});

export const recommendCommand: Command = {
  name: 'recommend',
  summary: 'Build product_recommendations (`rapport recommend build`) or score them against popularity (`rapport recommend evaluate`)',
  help: `Usage: rapport recommend build [--as-of YYYY-MM-DD] [--count N] [--exclude-days N] [--exclude SKU,SKU] [--config FILE]
       rapport recommend evaluate --train-before YYYY-MM-DD [--test-before YYYY-MM-DD] [--k 10] [--exclude-days N] [--exclude SKU,SKU] [--config FILE]

build: rebuilds product_recommendations (N per customer of customer_360, default ${recommendationDefaults.count}) from the
warehouse's orders before --as-of (default: the day after the latest order). Needs a run of the daily pipeline.
Settings not given as options come from analytics.recommendations in the config (as the daily pipeline's step).

evaluate: trains on the orders before --train-before, recommends K products to every customer who bought both before
and on or after that date (and before --test-before when given), and prints, for the recommender and for the
popularity baseline (the K most popular products the customer did not buy in the exclusion window): hit rate@K (share
of those customers who bought at least one recommended product later), recall@K (mean share of each customer's later
products that were recommended) and catalogue coverage (distinct products recommended / products bought before the
date). A second baseline, own staples, recommends the customer's own earlier products (bought before the exclusion
window, most orders first), then popular ones.

Options:
  --train-before DATE  evaluate: first day of the test period.
  --test-before DATE   evaluate: day after the test period (default: every later order). An earlier split that ends
                       where the reported one begins is where settings are chosen.
  --k N                evaluate: products per customer (default 10).
  --as-of DATE         build: exclusive end of the history used.
  --count N            build: products per customer (default: the config's, else ${recommendationDefaults.count}).
  --exclude-days N     A product bought in the N days before the date is not recommended (default: the config's, else ${recommendationDefaults.excludeDays}).
  --exclude SKUS       Comma-separated SKUs never recommended (postage, fees); replaces the config's list.
  --config FILE        Config file (default: rapport.config.ts in the current folder).`,
  options: {
    'train-before': { type: 'string' },
    'test-before': { type: 'string' },
    'as-of': { type: 'string' },
    k: { type: 'string' },
    count: { type: 'string' },
    'exclude-days': { type: 'string' },
    exclude: { type: 'string' },
    config: { type: 'string' },
  },
  async run({ values, positionals }, io) {
    const action = positionals[0];
    if ((action !== 'build' && action !== 'evaluate') || positionals.length > 1) throw new UsageError('expected "rapport recommend build" or "rapport recommend evaluate --train-before DATE"');
    const parsed = Args.safeParse(values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new UsageError(`--${issue.path.join('.')}: ${issue.message}`);
    }
    const a = parsed.data;
    if (action === 'evaluate' && a['train-before'] === undefined) throw new UsageError('--train-before: is required (e.g. --train-before 2011-09-01)');
    if (a['test-before'] !== undefined && !(a['test-before'] > (a['train-before'] ?? '')))
      throw new UsageError(`--test-before: ${a['test-before']} is not after --train-before ${a['train-before'] ?? '(not given)'}`);
    const loaded = await commandConfig(values, io);
    const { count: configCount, modelRefresh, ...configured } = loaded.config.analytics.recommendations;
    const excludeSkus = a.exclude === undefined ? configured.excludeSkus : a.exclude.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const settings = { ...configured, excludeDays: a['exclude-days'] ?? configured.excludeDays, excludeSkus };
    const warehouse = await openWarehouse(loaded.warehouse);
    try {
      if (action === 'build') {
        const asOf = await resolveAsOf(warehouse, a['as-of']);
        const r = await buildProductRecommendations(warehouse, { asOf, ...settings, modelRefresh, count: a.count ?? configCount, full: true });
        io.out(`product_recommendations as of ${asOf}: ${r.rows} rows for ${r.customers} customers (${r.similar} by co-purchase, the rest popular)`);
        return 0;
      }
      const e = await evaluateRecommendations(warehouse, {
        purchases: warehousePurchases(), trainBefore: a['train-before']!, testBefore: a['test-before'], k: a.k, ...settings,
      });
      const until = e.testBefore === undefined ? '' : ` (before ${e.testBefore})`;
      io.out(`recommendations evaluated: trained before ${e.trainBefore}, tested on ${e.customers} customers who bought afterwards${until}, K = ${e.k}`);
      io.out(`  ${'model'.padEnd(14)}${'hit rate@K'.padStart(12)}${'recall@K'.padStart(12)}${'coverage'.padStart(12)}`);
      const line = (name: string, s: RecommenderScores) =>
        io.out(`  ${name.padEnd(14)}${pct(s.hitRate).padStart(12)}${pct(s.recall).padStart(12)}${pct(s.coverage).padStart(12)}`);
      line('co-purchase', e.recommender);
      line('popularity', e.popularity);
      line('own staples', e.staples);
      io.out(`  hit rate ratio (co-purchase / popularity): ${(e.recommender.hitRate / e.popularity.hitRate).toFixed(2)}`);
      return 0;
    } finally {
      warehouse.close();
    }
  },
};

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
