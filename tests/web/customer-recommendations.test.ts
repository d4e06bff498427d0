// The web profile's "Recommended products" card: each product with its reason, and when to write, from real tables.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ordersChannel, productsReference } from '../../sources/contracts/index.js';
import { buildCustomer360 } from '../../transforms/customer-360.js';
import { buildCustomerPreferences } from '../../transforms/customer-preferences.js';
import { buildIdentities } from '../../transforms/identities.js';
import { buildProductRecommendations } from '../../transforms/product-recommendations.js';
import { customerProfile } from '../../web/customer-profile.js';
import { profilePage } from '../../web/pages/customer.js';
import { insertRows } from '../helpers/channel-rows.js';
import { customerIds } from '../helpers/order-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

// A and B bought x and y together; C bought x (recently): C gets y, "bought with x by 2 customers" (cosine 2/sqrt(6)).
async function seed(): Promise<void> {
  const lines = [['o1', 'A', 'x'], ['o1', 'A', 'y'], ['o2', 'B', 'x'], ['o2', 'B', 'y'], ['o3', 'C', 'x'], ['o4', 'C', 'x']] as const;
  await insertRows(t.warehouse, ordersChannel, lines.map(([order_id, customer_ref, sku], i) => ({
    order_id, line_no: i, customer_ref, status: 'completed', currency: 'EUR', sku, quantity: 1, amount: 10,
    ordered_at: order_id === 'o4' ? '2024-05-20T10:00:00Z' : '2024-05-01T10:00:00Z',
  })));
  await insertRows(t.warehouse, productsReference, [{ sku: 'x', name: 'Xylo & phone', category: 'toys', active: true }, { sku: 'y', category: 'toys', active: true }]);
  await buildIdentities(t.warehouse);
  await buildCustomer360(t.warehouse, { asOf: '2024-06-01' });
}

describe('customer page: recommended products', () => {
  it('lists products with their reasons (escaped), the top category and the next order expected', async () => {
    await seed();
    await buildProductRecommendations(t.warehouse, { asOf: '2024-06-01' });
    await buildCustomerPreferences(t.warehouse, { asOf: '2024-06-01' });
    const id = (await customerIds(t.warehouse)).get('C')!;
    const html = profilePage('token', (await customerProfile(t.warehouse, id))!).toString();
    const card = html.slice(html.indexOf('id="recommendations"'));
    expect(card).toContain('<tr><td class="n">1</td><td>y</td><td>bought with Xylo &amp; phone (x) by 2 customers</td></tr>');
    // C ordered on 2024-05-01 and 2024-05-20: a gap of 19 days, next around 2024-06-08. No opens: no send time.
    expect(card).toContain('Top category: toys.');
    expect(card).toContain('Next order expected around 2024-06-08');
    expect(card).toContain('not known yet (too few opens and clicks)');
  });

  it('says so when recommendations are not built yet', async () => {
    await seed();
    const id = (await customerIds(t.warehouse)).get('A')!;
    const html = profilePage('token', (await customerProfile(t.warehouse, id))!).toString();
    expect(html).toContain('No recommendations (product_recommendations not built yet).');
  });
});
