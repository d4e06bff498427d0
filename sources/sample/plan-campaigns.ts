// The ESP's campaign calendar: when each newsletter went out, to what share of subscribers, with which links.

import { padDigits } from './id-codes.js';
import { Prng, mixSeed } from '../../shared/prng.js';
import { DAY_MS, HOUR_MS } from './time-zones.js';
import { SHOP_DOMAIN } from './shop.js';

/** One email campaign. */
export interface Campaign {
  readonly id: string;
  /** Scheduled send time, UTC ms; individual sends trickle out over the next 90 minutes. */
  readonly at: number;
  /** Share of subscribers the campaign's segment targets. */
  readonly share: number;
  readonly urls: readonly string[];
}

/** Campaigns per month: about one and a half a week. */
const CAMPAIGNS_PER_MONTH = 6.5;
const PAGES = ['new-in', 'sale', 'outerwear', 'knitwear', 'accessories', 'gift-guide', 'journal/field-notes', 'stores', 'bestsellers', 'repair-service'];

/**
 * Plans the campaign calendar for the window, sorted by time; depends only on the seed and the window.
 *
 * @example planCampaigns(42, Date.UTC(2024, 10, 1), Date.UTC(2026, 10, 1), 24).length // 156
 */
export function planCampaigns(seed: number, startMs: number, endMs: number, months: number): Campaign[] {
  const rng = new Prng(mixSeed(seed, 'campaigns'));
  const count = Math.max(1, Math.round(months * CAMPAIGNS_PER_MONTH));
  const span = (endMs - startMs) / count;
  const campaigns: Campaign[] = [];
  for (let i = 0; i < count; i++) {
    const day = Math.floor((startMs + (i + rng.next() * 0.8) * span) / DAY_MS) * DAY_MS;
    const at = Math.max(startMs, day + (6 + rng.int(10)) * HOUR_MS + rng.int(4) * 15 * 60_000);
    const id = `cmp_${padDigits(i + 1, 4)}`;
    const urls = Array.from({ length: 1 + rng.int(4) }, () => `https://${SHOP_DOMAIN}/${rng.pick(PAGES)}?utm_source=newsletter&utm_medium=email&utm_campaign=${id}`);
    campaigns.push({ id, at, share: 0.12 + 0.26 * rng.next(), urls });
  }
  return campaigns.sort((a, b) => a.at - b.at);
}
