// The shop's product catalogue and how an order's target value becomes concrete SKUs.

import type { Prng } from '../../shared/prng.js';

/** A sellable item; price in cents (EUR). */
export interface Product {
  readonly sku: string;
  readonly priceCents: number;
}

const RAW: ReadonlyArray<readonly [string, number]> = [
  ['STK-PACK', 390], ['SOCK-WOOL', 1290], ['MUG-ENML', 1490], ['CAP-CORD', 2490], ['BEAN-MERI', 2990], ['BTL-STEEL', 2990],
  ['NOTE-A5', 990], ['TEE-ORG', 2990], ['TEE-LONG', 3490], ['SCRF-LIN', 3990], ['TOTE-CNV', 1990], ['GLOV-LTH', 4990],
  ['SHRT-FLN', 5990], ['HOOD-HVY', 7490], ['PANT-CHN', 7990], ['BAG-DAY', 8990], ['SWTR-KNT', 9490], ['VEST-DWN', 11990],
  ['BOOT-CHL', 15990], ['JKT-RAIN', 17990], ['JKT-DOWN', 24900], ['PACK-TRV', 19990], ['LAMP-CMP', 4490], ['BLKT-WOL', 8490],
  ['SOCK-3PK', 2790], ['CAP-WOOL', 2790], ['MUG-SET', 3990], ['TEE-PRNT', 3290], ['BELT-LTH', 5490], ['WLT-LTH', 4290],
];

/** Name and category of each product, by the SKU's stem (the part before the price-derived suffix). */
const DETAILS: Readonly<Record<string, readonly [name: string, category: string]>> = {
  'STK-PACK': ['Sticker pack', 'accessories'], 'SOCK-WOOL': ['Wool socks', 'clothing'], 'MUG-ENML': ['Enamel mug', 'camp'],
  'CAP-CORD': ['Corduroy cap', 'accessories'], 'BEAN-MERI': ['Merino beanie', 'accessories'], 'BTL-STEEL': ['Steel bottle', 'camp'],
  'NOTE-A5': ['A5 notebook', 'accessories'], 'TEE-ORG': ['Organic tee', 'clothing'], 'TEE-LONG': ['Long-sleeve tee', 'clothing'],
  'SCRF-LIN': ['Linen scarf', 'accessories'], 'TOTE-CNV': ['Canvas tote', 'bags'], 'GLOV-LTH': ['Leather gloves', 'accessories'],
  'SHRT-FLN': ['Flannel shirt', 'clothing'], 'HOOD-HVY': ['Heavy hoodie', 'clothing'], 'PANT-CHN': ['Chinos', 'clothing'],
  'BAG-DAY': ['Day bag', 'bags'], 'SWTR-KNT': ['Knit sweater', 'clothing'], 'VEST-DWN': ['Down vest', 'outerwear'],
  'BOOT-CHL': ['Chelsea boots', 'footwear'], 'JKT-RAIN': ['Rain jacket', 'outerwear'], 'JKT-DOWN': ['Down jacket', 'outerwear'],
  'PACK-TRV': ['Travel pack', 'bags'], 'LAMP-CMP': ['Camp lamp', 'camp'], 'BLKT-WOL': ['Wool blanket', 'camp'],
  'SOCK-3PK': ['Socks 3-pack', 'clothing'], 'CAP-WOOL': ['Wool cap', 'accessories'], 'MUG-SET': ['Mug set', 'camp'],
  'TEE-PRNT': ['Printed tee', 'clothing'], 'BELT-LTH': ['Leather belt', 'accessories'], 'WLT-LTH': ['Leather wallet', 'accessories'],
};
/** The one product the shop no longer sells (`active` false in products.csv): still in old orders, never recommended. */
const DISCONTINUED = 'LAMP-CMP';

/**
 * The `products.csv` reference file (`sku,name,category,price,active,updated_at`), one row per catalogue product
 * in catalogue order. It does not depend on the seed: the catalogue is the shop's, not the customers'.
 */
export function productsCsv(updatedAt: string): string {
  const rows = RAW.map(([stem, priceCents]) => {
    const [name, category] = DETAILS[stem]!;
    return `${stem}-${String(priceCents % 97).padStart(2, '0')},${name},${category},${(priceCents / 100).toFixed(2)},${stem !== DISCONTINUED},${updatedAt}`;
  });
  return ['sku,name,category,price,active,updated_at', ...rows].join('\n') + '\n';
}

/** Products sorted by price, cheapest first. */
export const CATALOG: readonly Product[] = RAW.map(([sku, priceCents]) => ({ sku: `${sku}-${String(priceCents % 97).padStart(2, '0')}`, priceCents })).sort(
  (a, b) => a.priceCents - b.priceCents || (a.sku < b.sku ? -1 : 1),
);

/**
 * Picks a product priced near `targetCents`, with a little jitter so people with similar budgets buy different things.
 *
 * @example pickProduct(5000, rng).priceCents // close to 5000
 */
export function pickProduct(targetCents: number, rng: Prng): Product {
  let low = 0;
  let high = CATALOG.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((CATALOG[mid] as Product).priceCents < targetCents) low = mid + 1;
    else high = mid;
  }
  const jittered = Math.min(CATALOG.length - 1, Math.max(0, low + rng.int(5) - 2));
  return CATALOG[jittered] as Product;
}
