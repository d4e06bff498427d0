// One synthetic person: identifiers (emails, phone, unique tag), home time zone and the behaviour parameters every channel draws from.

import { FIRST_NAMES, LAST_NAMES, MAIN_DOMAINS, MAIN_DOMAIN_WEIGHTS, SECOND_DOMAINS } from './person-names.js';
import { createPhone } from './phone-numbers.js';
import { ZONES, atActiveHour } from './time-zones.js';
import { padDigits } from './id-codes.js';
import type { Country, Phone } from './phone-numbers.js';
import type { Prng } from '../../shared/prng.js';
import type { TimeZone } from './time-zones.js';

/** Social platforms a person can be active on. */
export type Platform = 'instagram' | 'x' | 'facebook' | 'tiktok';

/** What the generator knows about one person; identifiers are canonical (lower case, no padding). */
export interface Person {
  readonly index: number;
  readonly id: string;
  readonly first: string;
  readonly last: string;
  /** Digits unique to this person; ends every email local part and handle, so no two persons collide. */
  readonly tag: string;
  readonly zone: TimeZone;
  readonly phone: Phone | null;
  /** Main address first; a second one for some people. */
  readonly emails: readonly string[];
  /** A Gmail dot/+tag spelling of the main address, for a few Gmail users. */
  readonly gmailVariant: string | null;
  /** The ESP stores this person's address with capitals (some sign-up forms keep what was typed). */
  readonly espMixedCase: boolean;
  /** First touch with the brand (sign-up, first order or first social interaction), UTC ms. */
  readonly acquiredAt: number;
  readonly buyer: boolean;
  /** BG/NBD purchase rate while active, per day (Gamma-distributed across people). */
  readonly purchaseRate: number;
  /** BG/NBD dropout probability after each purchase (Beta-distributed across people). */
  readonly dropout: number;
  /** Gamma-Gamma per-person mean order value, in cents. */
  readonly meanSpendCents: number;
  readonly subscribed: boolean;
  readonly openRate: number;
  /** Probability of a click given an open. */
  readonly clickRate: number;
  readonly platforms: readonly Platform[];
}

/** Seed-derived facts shared by every person of one sample. */
export interface PersonContext {
  readonly startMs: number;
  readonly endMs: number;
  /** Unique digits for a person index (email/handle tag). */
  readonly tagOf: (index: number) => string;
  /** Unique 7 digits for a person index (phone subscriber part). */
  readonly phoneDigitsOf: (index: number) => string;
}

const COUNTRIES: readonly Country[] = ['DE', 'US', 'GB', 'FR', 'NL', 'AT'];
const COUNTRY_WEIGHTS = [0.4, 0.6, 0.72, 0.82, 0.92, 1];
const HOME_ZONES: Record<Country, TimeZone> = {
  DE: ZONES.berlin, AT: ZONES.berlin, FR: ZONES.berlin, NL: ZONES.berlin, GB: ZONES.london, US: ZONES.newYork,
};
/** US residents by time zone, weighted towards the east coast. */
const US_ZONES: readonly TimeZone[] = [ZONES.newYork, ZONES.newYork, ZONES.chicago, ZONES.losAngeles];
/** Zones for the few people living away from their phone's country. */
const TRAVEL_ZONES: readonly TimeZone[] = [ZONES.kolkata, ZONES.tokyo, ZONES.chicago, ZONES.losAngeles, ZONES.utc];
const PLATFORMS: readonly Platform[] = ['instagram', 'x', 'facebook', 'tiktok'];
const PLATFORM_WEIGHTS = [0.42, 0.62, 0.8, 1];

type LocalPart = (first: string, last: string, tag: string) => string;

/** Email local-part shapes; each ends with the person's tag, which keeps addresses of different persons distinct. */
const LOCAL_PARTS: readonly LocalPart[] = [
  (f, l, t) => `${f}.${l}${t}`,
  (f, l, t) => `${f[0]}${l}${t}`,
  (f, l, t) => `${f}_${l}${t}`,
  (f, l, t) => `${l}.${f}${t}`,
  (f, l, t) => `${f}${l}${t}`,
  (f, _l, t) => `${f}${t}`,
];

/** A Gmail spelling of the same mailbox: dots moved or a +tag added. */
function gmailVariantOf(address: string, rng: Prng): string {
  const [local = '', domain = ''] = address.split('@');
  if (rng.chance(0.5)) return `${local}+${rng.pick(['shop', 'tidewater', 'orders', 'promo'])}@${domain}`;
  const undotted = local.replaceAll('.', '');
  return `${undotted === local ? `${local[0]}.${local.slice(1)}` : undotted}@${domain}`;
}

/** Draws the channels a person uses, making sure everyone shows up in at least one file. */
function drawChannels(rng: Prng): { buyer: boolean; subscribed: boolean; platforms: Platform[] } {
  const buyer = rng.chance(0.5);
  const platforms: Platform[] = [];
  if (rng.chance(0.3)) {
    platforms.push(PLATFORMS[rng.weighted(PLATFORM_WEIGHTS)] as Platform);
    const second = PLATFORMS[rng.weighted(PLATFORM_WEIGHTS)] as Platform;
    if (rng.chance(0.25) && second !== platforms[0]) platforms.push(second);
  }
  const subscribed = rng.chance(0.85) || (!buyer && platforms.length === 0);
  return { buyer, subscribed, platforms };
}

/**
 * Creates person `index` from its own PRNG stream; identifiers are unique per index by construction.
 *
 * @example const person = createPerson(0, context, new Prng(mixSeed(seed, 'person', 0)));
 */
export function createPerson(index: number, context: PersonContext, rng: Prng): Person {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const tag = context.tagOf(index);
  const country = COUNTRIES[rng.weighted(COUNTRY_WEIGHTS)] as Country;
  const zone = rng.chance(0.05) ? rng.pick(TRAVEL_ZONES) : country === 'US' ? rng.pick(US_ZONES) : HOME_ZONES[country];
  const f = first.toLowerCase();
  const l = last.toLowerCase();
  const shape = rng.int(LOCAL_PARTS.length);
  const main = `${(LOCAL_PARTS[shape] as LocalPart)(f, l, tag)}@${MAIN_DOMAINS[rng.weighted(MAIN_DOMAIN_WEIGHTS)]}`;
  const emails = [main];
  if (rng.chance(0.15)) {
    const otherShape = LOCAL_PARTS[(shape + 1 + rng.int(LOCAL_PARTS.length - 1)) % LOCAL_PARTS.length] as LocalPart;
    emails.push(`${otherShape(f, l, tag)}@${rng.pick(SECOND_DOMAINS)}`);
  }
  const gmailVariant = main.endsWith('@gmail.com') && rng.chance(0.15) ? gmailVariantOf(main, rng) : null;
  const phone = rng.chance(0.65) ? createPhone(country, context.phoneDigitsOf(index), rng) : null;
  // Acquisitions skew towards the end of the window, like a growing shop.
  const drawn = context.startMs + (context.endMs - context.startMs) * Math.pow(rng.next(), 0.8);
  const acquiredAt = Math.min(context.endMs, Math.max(context.startMs, atActiveHour(drawn, zone, rng)));
  const channels = drawChannels(rng);
  return {
    index,
    id: `P${padDigits(index + 1, 7)}`,
    first,
    last,
    tag,
    zone,
    phone,
    emails,
    gmailVariant,
    espMixedCase: rng.chance(0.04),
    acquiredAt,
    buyer: channels.buyer,
    purchaseRate: rng.gamma(0.8, 0.02),
    dropout: rng.beta(1, 4),
    meanSpendCents: 1000 + rng.gamma(4, 1600),
    subscribed: channels.subscribed,
    openRate: rng.beta(2, 5.5),
    clickRate: rng.beta(1.5, 8.5),
    platforms: channels.platforms,
  };
}
