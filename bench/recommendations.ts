// Times product_recommendations' SQL on simulated purchases (1M customers, 20k SKUs by default) against a popularity floor.
// Run: npx tsx bench/recommendations.ts [customers] [skus]   (e.g. `npx tsx bench/recommendations.ts 100000`); not part of npm test.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { recommendInto } from '../transforms/product-recommendations.js';
import { openWarehouse } from '../warehouse/warehouse.js';

const customers = Number(process.argv[2] ?? 1_000_000);
const skus = Number(process.argv[3] ?? 20_000);
const dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-bench-recs-'));
const wh = await openWarehouse(path.join(dir, 'bench.duckdb'));
const seconds = (t: number) => ((performance.now() - t) / 1000).toFixed(1);
// CPU time of the process (DuckDB's threads included): barely moves when other jobs share the cores, unlike wall time.
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
try {
  let t = performance.now();
  // Each customer buys 1-12 products in 1-4 orders over two years; 70% from their taste cluster (200 clusters of
  // nearby SKUs, skewed to the cluster's head), 30% from the whole catalogue (skewed to best sellers).
  await wh.run(`SELECT setseed(0.21);
    CREATE TABLE bench_lines AS
    WITH c AS (SELECT i AS c, 1 + (hash(i) % 12)::INTEGER AS n, (hash(i * 7) % 200)::INTEGER AS cluster FROM range(${customers}) t(i))
    SELECT 'c' || c AS customer_id,
           'sku' || (CASE WHEN random() < 0.7 THEN (cluster * ${Math.floor(skus / 200)} + floor(pow(random(), 3) * ${Math.floor(skus / 200)}))
                          ELSE floor(pow(random(), 4) * ${skus}) END)::INTEGER AS sku,
           'o' || c || '-' || (k % (1 + n // 4)) AS order_id,
           TIMESTAMP '2024-01-01' + to_days((hash(c * 31 + k) % 730)::INTEGER) AS ordered_at
    FROM c, range(n) r(k);
    CREATE TABLE bench_customers AS SELECT DISTINCT customer_id FROM bench_lines;`);
  const [size] = await wh.all<{ lines: number; products: number }>('SELECT count(*) AS lines, count(DISTINCT sku) AS products FROM bench_lines');
  const simulate = seconds(t);
  // Floor: what the popularity baseline alone costs (customers per product, top 5 per customer minus recent buys).
  t = performance.now();
  let c0 = cpu();
  await wh.run(`CREATE TEMP TABLE floor_out AS
    WITH bought AS (SELECT customer_id, sku, max(ordered_at) AS last_at FROM bench_lines GROUP BY ALL),
    popular AS (SELECT sku, count(*) AS n FROM bought GROUP BY sku ORDER BY n DESC LIMIT 105)
    SELECT c.customer_id, p.sku FROM bench_customers c CROSS JOIN popular p
    ANTI JOIN (SELECT customer_id, sku FROM bought WHERE last_at >= DATE '2026-01-01' - INTERVAL 90 DAY) r USING (customer_id, sku)
    QUALIFY row_number() OVER (PARTITION BY c.customer_id ORDER BY p.n DESC, p.sku) <= 5`);
  const floor = `${seconds(t)} s wall, ${(cpu() - c0).toFixed(1)} s CPU`;
  t = performance.now();
  c0 = cpu();
  await recommendInto(wh, '2026-01-01', { lines: 'SELECT * FROM bench_lines', customers: 'SELECT customer_id FROM bench_customers' });
  const model = `${seconds(t)} s wall, ${(cpu() - c0).toFixed(1)} s CPU`;
  const [out] = await wh.all<{ rows: number; pairs: number }>('SELECT (SELECT count(*) FROM rec_out) AS rows, (SELECT count(*) FROM rec_neighbours) AS pairs');
  console.log(`customers ${customers.toLocaleString('en')}, order lines ${Number(size!.lines).toLocaleString('en')}, products ${Number(size!.products).toLocaleString('en')} (simulated in ${simulate} s)`);
  console.log(`popularity floor ${floor}; product_recommendations ${model} (${Number(out!.rows).toLocaleString('en')} rows, ${Number(out!.pairs).toLocaleString('en')} neighbour pairs); peak RSS ${(process.resourceUsage().maxRSS / 1024 / 1024).toFixed(2)} GiB; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  wh.close();
  await rm(dir, { recursive: true, force: true });
}
