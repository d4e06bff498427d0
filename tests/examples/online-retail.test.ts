import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import example from '../../examples/online-retail/rapport.config.js';
import { extractAndLoad } from '../../load/load.js';
import { sourceFromConfig } from '../../sources/index.js';
import { buildCustomer360 } from '../../transforms/customer-360.js';
import { buildIdentities } from '../../transforms/identities.js';
import { buildRfmSegments } from '../../transforms/rfm-segments.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const header = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const lines = [
  '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom',
  '536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom',
  '536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom',   // identical line: kept
  'C536379,D,Discount,-1,2010-12-01 09:41:00,27.50,14527.0,United Kingdom',
  '536414,22139,,56,2010-12-01 11:52:00,0.00,,United Kingdom',
  '536544,21773,DECORATIVE ROSE BATHROOM BOTTLE,1,2010-12-01 14:32:00,2.51,,United Kingdom',
  '536370,22728,ALARM CLOCK BAKELIKE PINK,24,2010-12-01 08:45:00,3.75,12583.0,France',
  '536390,20668,DISCO BALL CHRISTMAS DECORATION,288,2010-12-01 10:19:00,0.001,17511.0,United Kingdom',
];

async function load(body: string[]) {
  const { 'or.csv.gz': file } = await t.files({ 'or.csv.gz': gzipSync([header, ...body].join('\n') + '\n') });
  const loaded = parseConfig(example, '/repo/examples/online-retail/rapport.config.ts');
  const orders = loaded.config.sources.orders!;
  if (orders.connector !== 'file') throw new Error('the example reads orders from a file');
  const r = await extractAndLoad(t.warehouse, sourceFromConfig('orders', { ...orders, path: file! }, t.dir), 'test');
  return { r, loaded };
}

describe('Online Retail example mapping', () => {
  it('maps invoices onto order lines from the gzip file, with a content-stable line number', async () => {
    const { r, loaded } = await load(lines);
    expect(r).toEqual({ read: 8, loaded: 8, quarantined: 0, duplicate: 0 });
    expect(loaded.warehouse).toBe('/repo/data/online-retail.duckdb');
    const rows = await t.warehouse.all(
      `SELECT order_id, line_no, customer_ref, status, currency, sku, quantity, amount::DOUBLE AS amount, strftime(ordered_at, '%Y-%m-%d %H:%M') AS at
       FROM order_lines ORDER BY order_id, line_no`);
    expect(rows).toEqual([
      { order_id: '536365', line_no: 1, customer_ref: '17850', status: 'completed', currency: 'GBP', sku: '71053', quantity: 6, amount: 20.34, at: '2010-12-01 08:26' },
      { order_id: '536365', line_no: 2, customer_ref: '17850', status: 'completed', currency: 'GBP', sku: '71053', quantity: 6, amount: 20.34, at: '2010-12-01 08:26' },
      { order_id: '536365', line_no: 3, customer_ref: '17850', status: 'completed', currency: 'GBP', sku: '85123A', quantity: 6, amount: 15.3, at: '2010-12-01 08:26' },
      { order_id: '536370', line_no: 1, customer_ref: '12583', status: 'completed', currency: 'GBP', sku: '22728', quantity: 24, amount: 90, at: '2010-12-01 08:45' },
      { order_id: '536390', line_no: 1, customer_ref: '17511', status: 'completed', currency: 'GBP', sku: '20668', quantity: 288, amount: 0.29, at: '2010-12-01 10:19' },
      { order_id: '536414', line_no: 1, customer_ref: null, status: 'completed', currency: 'GBP', sku: '22139', quantity: 56, amount: 0, at: '2010-12-01 11:52' },
      { order_id: '536544', line_no: 1, customer_ref: null, status: 'completed', currency: 'GBP', sku: '21773', quantity: 1, amount: 2.51, at: '2010-12-01 14:32' },
      { order_id: 'C536379', line_no: 1, customer_ref: '14527', status: 'refunded', currency: 'GBP', sku: 'D', quantity: -1, amount: -27.5, at: '2010-12-01 09:41' },
    ]);
  });

  it('numbers the lines the same when the file lists them in another order', async () => {
    const keys = () => t.warehouse.all(`SELECT order_id || '/' || line_no || '=' || sku AS k FROM order_lines ORDER BY order_id, line_no`);
    await load(lines);
    const first = await keys();
    expect(first.slice(0, 3)).toEqual([{ k: '536365/1=71053' }, { k: '536365/2=71053' }, { k: '536365/3=85123A' }]);
    await t.warehouse.run('DELETE FROM order_lines; DELETE FROM source_files');
    await load([...lines].reverse());
    expect(await keys()).toEqual(first);
  });

  it('keeps lines without a CustomerID in revenue but out of customers and RFM', async () => {
    await load(lines);
    await buildIdentities(t.warehouse);
    await buildCustomer360(t.warehouse, { asOf: '2011-12-10' });
    await buildRfmSegments(t.warehouse, { asOf: '2011-12-10' });
    expect(await t.warehouse.all(`SELECT order_id, net_value::DOUBLE AS v FROM order_values WHERE customer_id IS NULL ORDER BY 1`))
      .toEqual([{ order_id: '536414', v: 0 }, { order_id: '536544', v: 2.51 }]);
    const [c] = await t.warehouse.all<{ customers: number; scored: number; revenue: number }>(
      `SELECT (SELECT count(*) FROM customer_360) AS customers, (SELECT count(*) FROM rfm_segments) AS scored,
              (SELECT sum(net_value)::DOUBLE FROM order_values) AS revenue`);
    expect(c).toEqual({ customers: 4, scored: 3, revenue: 121.28 }); // 14527 only returned; 2 x 20.34 + 15.30 + 90 + 0.29 + 2.51 - 27.50
  });
});
