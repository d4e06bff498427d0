// A person's social interactions: handles per platform, how each handle links back (profile email/phone) and what they post.

import { formatPhone } from './phone-numbers.js';
import { spellEmail } from './spell-email.js';
import { DAY_MS, atActiveHour, formatInZone, formatTimestamp } from './time-zones.js';
import type { Person, Platform } from './create-person.js';
import type { Phone } from './phone-numbers.js';
import type { Prng } from '../../shared/prng.js';

/** Interaction kinds the social listening tool exports. */
export type InteractionKind = 'mention' | 'comment' | 'reply' | 'dm' | 'follow' | 'like' | 'share';

/** One NDJSON line's object; keys are the file's contract, in order. */
export interface SocialInteraction {
  interaction_id: string | null;
  platform: Platform;
  handle: string;
  kind: InteractionKind;
  profile_email: string | null;
  profile_phone: string | null;
  text: string | null;
  occurred_at: string;
}

/** Identifiers of a person that other channels already tie to them; handles link back only through these. */
export interface SocialAnchors {
  readonly emails: readonly string[];
  readonly phone: boolean;
  /** The person has email events or orders, so a handle without profile data is an unlinkable fragment. */
  readonly hasOtherRecords: boolean;
}

const ID_PREFIX: Record<Platform, string> = { instagram: 'ig', x: 'x', facebook: 'fb', tiktok: 'tt' };
const KINDS: readonly InteractionKind[] = ['mention', 'comment', 'reply', 'dm', 'like', 'share'];
const KIND_WEIGHTS = [0.2, 0.48, 0.58, 0.64, 0.9, 1];
/** Share of handles (of people seen elsewhere) that never show profile data: the deliberately unlinkable few. */
const UNLINKABLE_SHARE = 0.03;

const TEXTS: Record<'mention' | 'comment' | 'reply' | 'dm' | 'share', readonly string[]> = {
  mention: ['Loving my new rain jacket from @tidewater 🌧️', '@tidewater any restock of the merino beanie soon?', 'Shoutout to @tidewater, fastest delivery ever', 'Third wash and the @tidewater hoodie still looks new', '@tidewater your sizing chart is off, "M" fits like an "S"'],
  comment: ['Great colours!', 'Does this come in XL?', "Ordered one, can't wait 😍", 'Price went up again?', 'Need this for winter', 'Is it machine washable, or hand wash only?'],
  reply: ['Thanks, that helped!', 'Still waiting for an answer…', 'Same here', 'Ok, will try that', '👍'],
  dm: ["Hi, my parcel hasn't arrived yet, ordered last week.", 'Can I still change my delivery address?', 'Hi! Is the field jacket waterproof?\nThanks', 'I received the wrong size, how do I return it?', 'Do you ship to Switzerland?'],
  share: ['Look at this 👀', 'Perfect gift idea', 'Sale is on!'],
};

/** Handle shapes; each ends with the person's unique tag, so handles of different persons never collide. */
const HANDLE_SHAPES: ReadonlyArray<(f: string, l: string, t: string) => string> = [
  (f, l, t) => `${f}.${l}_${t}`,
  (f, l, t) => `${f.toLowerCase()}_${l.toLowerCase()}${t}`,
  (f, l, t) => `${f}${l}.${t}`,
  (f, l, t) => `${f[0]}${l}_${t}`,
  (f, _l, t) => `${f}.${t}`,
];

interface Handle {
  readonly platform: Platform;
  readonly display: string;
  readonly email: string | null;
  readonly phone: Phone | null;
}

/** Decides what profile data a handle exposes, only ever pointing at identifiers the person is already linked by. */
function profileOf(person: Person, anchors: SocialAnchors, rng: Prng): { email: string | null; phone: Phone | null } {
  const [main = ''] = person.emails;
  if (!anchors.hasOtherRecords) return { email: main, phone: rng.chance(0.3) ? person.phone : null };
  if (rng.chance(UNLINKABLE_SHARE)) return { email: null, phone: null };
  const phone = anchors.phone && person.phone !== null ? person.phone : null;
  const mode = rng.next();
  if (phone !== null && mode < 0.25) return { email: null, phone };
  // A profile with a linked phone may show an address seen nowhere else, which is how such an address gets linked.
  if (phone !== null && mode < 0.5) return { email: rng.pick(person.emails), phone };
  return { email: rng.pick(anchors.emails), phone: null };
}

/** Draws a handle's spelling for one row: mostly lower case, sometimes as typed, with or without the @. */
function spellHandle(display: string, rng: Prng): string {
  const cased = rng.chance(0.7) ? display.toLowerCase() : display;
  return rng.chance(0.6) ? `@${cased}` : cased;
}

/**
 * Generates the person's interactions on each platform they use (none if they use none); `nextId` numbers rows globally.
 *
 * @example createSocialInteractions(person, rng, anchors, { startMs, endMs }, nextInteractionId)
 */
export function createSocialInteractions(
  person: Person,
  rng: Prng,
  anchors: SocialAnchors,
  window: { readonly startMs: number; readonly endMs: number },
  nextId: () => string,
): Array<{ at: number; row: SocialInteraction }> {
  const rows: Array<{ at: number; row: SocialInteraction }> = [];
  if (person.platforms.length === 0) return rows;
  const shape = rng.int(HANDLE_SHAPES.length);
  const handles: Handle[] = person.platforms.map((platform) => {
    const own = rng.chance(0.6) ? shape : rng.int(HANDLE_SHAPES.length);
    const display = (HANDLE_SHAPES[own] as (typeof HANDLE_SHAPES)[number])(person.first, person.last, person.tag);
    return { platform, display, ...profileOf(person, anchors, rng) };
  });
  const total = 1 + Math.round(rng.gamma(1.1, 11));
  // People often follow or mention the brand a while before they first buy or sign up.
  const from = Math.max(window.startMs, person.acquiredAt - 60 * DAY_MS);
  const times = Array.from({ length: total }, () => Math.min(window.endMs, Math.max(from, atActiveHour(rng.between(from, window.endMs), person.zone, rng)))).sort((a, b) => a - b);
  const shown = new Set<Handle>();
  for (const at of times) {
    const handle = rng.pick(handles);
    const first = !shown.has(handle);
    shown.add(handle);
    const kind: InteractionKind = first && rng.chance(0.4) ? 'follow' : (KINDS[rng.weighted(KIND_WEIGHTS)] as InteractionKind);
    const texts = kind === 'follow' || kind === 'like' || (kind === 'share' && rng.chance(0.6)) ? null : TEXTS[kind];
    // A handle's first row shows all its profile data so the link is not left to chance; later rows only sometimes.
    const email = handle.email !== null && (first || rng.chance(0.2)) ? spellEmail(handle.email, rng, 0.05, 0.02) : null;
    const phone = handle.phone !== null && (first || rng.chance(0.2)) ? formatPhone(handle.phone, rng) : null;
    rows.push({
      at,
      row: {
        interaction_id: `${ID_PREFIX[handle.platform]}_${nextId()}`,
        platform: handle.platform,
        handle: spellHandle(handle.display, rng),
        kind,
        profile_email: email,
        profile_phone: phone,
        text: texts === null ? null : rng.pick(texts),
        occurred_at: rng.chance(0.1) ? formatTimestamp(at, 0) : formatInZone(at, person.zone),
      },
    });
  }
  return rows;
}
