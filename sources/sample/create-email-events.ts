// A person's ESP events: campaign sends to subscribers and the delivered/open/click/bounce/unsubscribe/complaint funnel.

import { capitalise, spellEmail } from './spell-email.js';
import { DAY_MS, HOUR_MS, formatInZone, formatTimestamp } from './time-zones.js';
import type { Campaign } from './plan-campaigns.js';
import type { Person } from './create-person.js';
import type { Prng } from '../../shared/prng.js';

/** Event types the ESP exports. */
export type EmailEventType = 'send' | 'delivered' | 'open' | 'click' | 'bounce' | 'unsubscribe' | 'complaint';

/** One ESP event before it is written as CSV; `at` is UTC ms. */
export interface EmailEvent {
  readonly eventId: string;
  readonly type: EmailEventType;
  readonly email: string;
  readonly campaignId: string;
  readonly at: number;
  readonly occurredAt: string;
  readonly url: string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Index of the first campaign at or after `at` (campaigns sorted by time). */
function firstCampaignFrom(campaigns: readonly Campaign[], at: number): number {
  let low = 0;
  let high = campaigns.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((campaigns[mid] as Campaign).at < at) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Generates a subscriber's events; a hard bounce, an unsubscribe or a complaint ends all later sends. Non-subscribers get none.
 *
 * @example createEmailEvents(person, rng, campaigns, endMs, person.emails[0], nextEventId)
 */
export function createEmailEvents(
  person: Person,
  rng: Prng,
  campaigns: readonly Campaign[],
  endMs: number,
  address: string,
  nextEventId: () => string,
): EmailEvent[] {
  const events: EmailEvent[] = [];
  if (!person.subscribed) return events;
  // Non-buyers are acquired by signing up; most buyers opt in at checkout, the rest sign up weeks later.
  const subscribedAt = person.acquiredAt + (person.buyer && rng.chance(0.2) ? rng.exponential(30) * DAY_MS : 0);
  const stored = person.espMixedCase ? capitalise(address, rng) : address;
  const push = (type: EmailEventType, at: number, campaignId: string, url = ''): boolean => {
    if (at > endMs) return false;
    // The ESP exports UTC, except rows that went through its per-recipient local-time report.
    const occurredAt = rng.chance(0.8) ? formatTimestamp(at, 0) : formatInZone(at, person.zone);
    events.push({ eventId: nextEventId(), type, email: spellEmail(stored, rng, 0.01, 0.004), campaignId, at, occurredAt, url });
    return true;
  };
  for (let i = firstCampaignFrom(campaigns, subscribedAt); i < campaigns.length; i++) {
    const campaign = campaigns[i] as Campaign;
    if (!rng.chance(campaign.share)) continue;
    const sentAt = campaign.at + rng.next() * 90 * MINUTE;
    if (!push('send', sentAt, campaign.id)) break;
    if (rng.chance(0.009)) {
      push('bounce', sentAt + rng.between(2, 300) * SECOND, campaign.id);
      break; // every bounce here is hard: the ESP suppresses the address
    }
    if (!rng.chance(0.96)) continue; // deferred and silently dropped: no delivery event
    const deliveredAt = sentAt + rng.between(1, 120) * SECOND;
    if (!push('delivered', deliveredAt, campaign.id)) break;
    let lastAt = deliveredAt;
    if (rng.chance(person.openRate)) {
      lastAt = deliveredAt + rng.exponential(5 * HOUR_MS);
      if (push('open', lastAt, campaign.id) && rng.chance(person.clickRate)) {
        push('click', lastAt + rng.exponential(3 * MINUTE), campaign.id, rng.pick(campaign.urls));
      }
    }
    if (rng.chance(0.003)) {
      push('unsubscribe', lastAt + rng.between(0.5, 120) * MINUTE, campaign.id);
      break;
    }
    if (rng.chance(0.0003)) {
      push('complaint', deliveredAt + rng.exponential(12 * HOUR_MS), campaign.id);
      break;
    }
  }
  return events;
}
