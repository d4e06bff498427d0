// The products reference source: loaded by the connectors with quarantine, lineage and merge, kept out of identity.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractAndLoad } from '../../../load/load.js';
import { SourceConfig, sourceFromConfig } from '../../../sources/index.js';
import { channels, contractByName, ordersChannel, references } from '../../../sources/contracts/index.js';
import { buildIdentities } from '../../../transforms/identities.js';
import { insertRows } from '../../helpers/channel-rows.js';
import { tempWarehouse, type TempWarehouse } from '../../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

// Records 1, 2, 6 and 7 are good (7 has no category); 3 has a negative price, 4 an `active` that is not a boolean, 5 no SKU.
const csv = `sku,name,category,price,active
MUG-1,Enamel mug,camp,14.90,true
LAMP-2,Camp lamp,camp,44.90,false
SOCK-3,Wool socks,clothing,-12.90,true
TEE-4,Organic tee,clothing,29.90,maybe
,Nameless,misc,1.00,true
BAG-5,Day bag,bags,89.90,true
CAP-6,Wool cap,,27.90,true
`;

describe('products reference source', () => {
  it('loads good rows with lineage through the file connector and quarantines the bad ones naming row and field', async () => {
    const { 'products.csv': file } = await t.files({ 'products.csv': csv });
    const source = sourceFromConfig('catalogue', SourceConfig.parse({ connector: 'file', channel: 'products', path: file }), t.dir);
    expect(await extractAndLoad(t.warehouse, source, 'run-1')).toEqual({ read: 7, loaded: 4, quarantined: 3, duplicate: 0 });
    expect(await t.warehouse.all('SELECT sku, name, category, price::DOUBLE AS price, active, _source, _record_no FROM products ORDER BY sku')).toEqual([
      { sku: 'BAG-5', name: 'Day bag', category: 'bags', price: 89.9, active: true, _source: 'catalogue', _record_no: 6 },
      { sku: 'CAP-6', name: 'Wool cap', category: null, price: 27.9, active: true, _source: 'catalogue', _record_no: 7 },
      { sku: 'LAMP-2', name: 'Camp lamp', category: 'camp', price: 44.9, active: false, _source: 'catalogue', _record_no: 2 },
      { sku: 'MUG-1', name: 'Enamel mug', category: 'camp', price: 14.9, active: true, _source: 'catalogue', _record_no: 1 },
    ]);
    const bad = await t.warehouse.all<{ record_no: number; field: string; reason: string }>('SELECT record_no, field, reason FROM quarantine ORDER BY record_no');
    expect(bad.map((b) => [b.record_no, b.field])).toEqual([[3, 'price'], [4, 'active'], [5, 'sku']]);
    expect(bad[0]!.reason).toContain('a price of 0 or more');
    expect(bad[1]!.reason).toContain('true or false');
  });

  it('a re-read file with a changed price replaces the row: no duplicates', async () => {
    const { 'products.csv': file } = await t.files({ 'products.csv': csv });
    const config = SourceConfig.parse({ connector: 'file', channel: 'products', path: file });
    await extractAndLoad(t.warehouse, sourceFromConfig('catalogue', config, t.dir), 'run-1');
    await t.files({ 'products.csv': csv.replace('MUG-1,Enamel mug,camp,14.90', 'MUG-1,Enamel mug,camp,16.50') });
    await extractAndLoad(t.warehouse, sourceFromConfig('catalogue', config, t.dir), 'run-2');
    expect(await t.warehouse.all("SELECT sku, price::DOUBLE AS price, _run_id FROM products WHERE sku IN ('LAMP-2', 'MUG-1') ORDER BY sku")).toEqual([
      { sku: 'LAMP-2', price: 44.9, _run_id: 'run-2' }, { sku: 'MUG-1', price: 16.5, _run_id: 'run-2' },
    ]);
    expect(await t.warehouse.all('SELECT count(*)::INTEGER AS n FROM products')).toEqual([{ n: 4 }]);
  });

  it('loads JSON-like records too (the example-inline connector), with real booleans', async () => {
    const config = SourceConfig.parse({ connector: 'example-inline', channel: 'products', rows: [
      { sku: 'A', name: 'Apple', category: 'fruit', price: 1.5, active: true }, { sku: 'B', price: 2, active: 'no-such' },
    ] });
    expect(await extractAndLoad(t.warehouse, sourceFromConfig('inline', config, t.dir), 'run-1')).toMatchObject({ loaded: 1, quarantined: 1 });
  });

  it('is a reference, not a channel: no identifiers, and identity resolution never reads it', async () => {
    expect(Object.keys(channels)).not.toContain('products');
    expect(contractByName('products')).toBe(references.products);
    expect(references.products.identifiers).toEqual([]);
    const { 'products.csv': file } = await t.files({ 'products.csv': csv });
    await extractAndLoad(t.warehouse, sourceFromConfig('catalogue', SourceConfig.parse({ connector: 'file', channel: 'products', path: file }), t.dir), 'run-1');
    await insertRows(t.warehouse, ordersChannel, [{ order_id: 'o1', line_no: 1, customer_ref: 'C1', status: 'completed', currency: 'EUR', sku: 'MUG-1', quantity: 1, amount: 14.9, ordered_at: '2024-01-01T10:00:00Z' }]);
    await buildIdentities(t.warehouse);
    expect(await t.warehouse.all('SELECT DISTINCT channel FROM record_identifiers')).toEqual([{ channel: 'orders' }]);
    expect(await t.warehouse.all('SELECT DISTINCT channel FROM customer_records')).toEqual([{ channel: 'orders' }]);
    expect(await t.warehouse.all('SELECT count(*)::INTEGER AS n FROM customer_ids')).toEqual([{ n: 1 }]);   // the one account, nothing from products
  });

  it('says which names a source may load when the name is unknown', () => {
    expect(() => contractByName('prodcts')).toThrow(/unknown channel "prodcts": expected one of orders, .* \(or the reference products\)/);
  });
});
