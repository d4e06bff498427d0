// Checks on a copy of a warehouse that product_recommendations, as it stands, equals a full rebuild on the same data.
// Usage: npx tsx bench/recommendations-check.mts <warehouse> <copy> <asOf>
//   copies <warehouse> (e.g. bench/profile-statements.ts's scratch warehouse after an incremental run) to <copy>,
//   keeps its recommendation tables, rebuilds them in full as of <asOf>, and prints the rows only on one side
//   (EXCEPT ALL both ways, every column) and the rebuild's time. Or `prepare`: copies <warehouse> to <copy> and builds
//   the tables once as of <asOf> (a prepared warehouse whose next daily run can take the incremental path; PREPARED=).
import { cp } from 'node:fs/promises';
import { buildProductRecommendations } from '../transforms/product-recommendations.js';
import { openWarehouse } from '../warehouse/warehouse.js';

const args = process.argv.slice(2);
const prepare = args[0] === 'prepare';
const [src, work, asOf] = (prepare ? args.slice(1) : args) as [string, string, string];
if (!src || !work || !asOf) {
  console.error('usage: recommendations-check.mts [prepare] <warehouse> <copy> <asOf>');
  process.exit(2);
}
await cp(src, work);
const wh = await openWarehouse(work);
try {
  const tables = ['product_recommendations', 'product_similarity', 'product_popularity', 'product_model_baskets'];
  if (!prepare) for (const t of tables) await wh.run(`CREATE TABLE kept_${t} AS FROM ${t}`);
  const t0 = performance.now();
  console.log(await buildProductRecommendations(wh, { asOf, full: !prepare }), `${((performance.now() - t0) / 1000).toFixed(2)} s`);
  if (!prepare) {
    for (const t of tables) {
      const [r] = await wh.all(`SELECT (SELECT count(*) FROM (FROM kept_${t} EXCEPT ALL FROM ${t}))::DOUBLE AS only_kept,
        (SELECT count(*) FROM (FROM ${t} EXCEPT ALL FROM kept_${t}))::DOUBLE AS only_rebuilt, (SELECT count(*) FROM ${t})::DOUBLE AS rows`);
      console.log(t, r);
    }
  }
} finally {
  wh.close();
}
