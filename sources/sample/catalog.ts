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
