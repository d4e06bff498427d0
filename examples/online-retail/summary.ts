// Prints the headline figures of the Online Retail example after `rapport run daily` built its warehouse.
import path from 'node:path';
import { loadConfig } from '../../config/load-config.js';
import { openWarehouse } from '../../warehouse/warehouse.js';

const loaded = await loadConfig(path.join(import.meta.dirname, 'rapport.config.ts'));
const wh = await openWarehouse(loaded.warehouse);
const money = (n: number) => `£${Math.round(n).toLocaleString('en-GB')}`;
try {
  const [t] = await wh.all<{ customers: number; scored: number; orders: number; anon: number; anon_rev: number; rev: number; as_of: string }>(`
    SELECT (SELECT count(*) FROM customer_360) AS customers, (SELECT count(*) FROM rfm_segments) AS scored,
           (SELECT count(*) FROM order_values) AS orders,
           (SELECT count(*) FROM order_values WHERE customer_id IS NULL) AS anon,
           (SELECT sum(net_value)::DOUBLE FROM order_values WHERE customer_id IS NULL) AS anon_rev,
           (SELECT sum(net_value)::DOUBLE FROM order_values) AS rev,
           (SELECT any_value(as_of)::VARCHAR FROM rfm_segments) AS as_of`);
  if (!t) throw new Error('no figures');
  console.log(`Online Retail as of ${t.as_of}`);
  console.log(`  orders ${t.orders} (net revenue ${money(t.rev)}), of which ${t.anon} without a CustomerID (${money(t.anon_rev)}): in revenue, not in RFM`);
  console.log(`  customers ${t.customers}, with an RFM row ${t.scored}`);
  console.log('  RFM segments:');
  for (const s of await wh.all<{ segment: string; customers: number; monetary: number }>(
    `SELECT segment, count(*) AS customers, sum(monetary)::DOUBLE AS monetary FROM rfm_segments GROUP BY segment ORDER BY customers DESC, segment`))
    console.log(`    ${s.segment.padEnd(20)} ${String(s.customers).padStart(5)}  ${money(s.monetary)}`);
  const [v] = await wh.all<{ clv: number; repeat: number; gap: number }>(`
    SELECT avg(historic_clv)::DOUBLE AS clv, avg((orders >= 2)::INTEGER)::DOUBLE AS repeat, avg(avg_days_between_orders)::DOUBLE AS gap
    FROM customer_value WHERE orders > 0`);
  console.log(`  historic CLV per customer ${money(v?.clv ?? 0)}, repeat purchase rate ${((v?.repeat ?? 0) * 100).toFixed(1)}%, ` +
    `days between orders (mean per repeat customer) ${(v?.gap ?? 0).toFixed(1)}`);
  console.log('  churn (180 days without a counted order), last complete months:');
  for (const m of await wh.all<{ month: string; active: number; n: number; ch: number; rate: number | null }>(`
    SELECT strftime(month, '%Y-%m') AS month, active_customers AS active, new_customers AS n, churned_customers AS ch, churn_rate::DOUBLE AS rate
    FROM churn_metrics WHERE NOT partial ORDER BY month DESC LIMIT 3`))
    console.log(`    ${m.month}: active ${m.active}, new ${m.n}, churned ${m.ch}, churn rate ${m.rate === null ? '-' : (m.rate * 100).toFixed(1) + '%'}`);
} finally {
  wh.close();
}
