// Per-person phone numbers and the assorted ways people type them at checkout or on a social profile.

import type { Prng } from '../../shared/prng.js';

/** Countries people in the sample live in. */
export type Country = 'DE' | 'US' | 'GB' | 'FR' | 'NL' | 'AT';

/** A phone number as country calling code plus national significant number (digits only, no trunk 0). */
export interface Phone {
  readonly country: Country;
  readonly callingCode: string;
  readonly national: string;
}

/** Shared placeholder shops type when a customer refuses to give a number; many persons carry it. */
export const PLACEHOLDER_PHONE = '+10000000000';

const CALLING_CODES: Record<Country, string> = { DE: '49', US: '1', GB: '44', FR: '33', NL: '31', AT: '43' };
const DE_PREFIXES = ['151', '152', '157', '160', '170', '171', '172', '175', '176', '177', '178', '179'] as const;
const AT_PREFIXES = ['650', '660', '664', '676', '680', '699'] as const;
const US_AREAS = ['212', '312', '415', '512', '617', '646', '702', '713', '206', '305', '404', '303'] as const;

/**
 * Builds a person's number around `unique`, a 7-digit value no other person shares, so two persons never share a number.
 *
 * @example createPhone('DE', '0412345', rng) // { country: 'DE', callingCode: '49', national: '15104123456' }
 */
export function createPhone(country: Country, unique: string, rng: Prng): Phone {
  const digit = rng.int(10);
  let national: string;
  switch (country) {
    case 'DE':
      national = `${rng.pick(DE_PREFIXES)}${unique}${digit}`;
      break;
    case 'AT':
      national = `${rng.pick(AT_PREFIXES)}${unique}${digit}`;
      break;
    case 'US':
      national = `${rng.pick(US_AREAS)}${unique}`;
      break;
    case 'GB':
      national = `7${rng.int(10)}${digit}${unique}`;
      break;
    case 'FR':
      national = `${rng.chance(0.7) ? 6 : 7}${digit}${unique}`;
      break;
    default:
      national = `6${digit}${unique}`;
  }
  return { country, callingCode: CALLING_CODES[country], national };
}

/** The number in E.164, the form every written variant normalises to. */
export function toE164(phone: Phone): string {
  return `+${phone.callingCode}${phone.national}`;
}

/** Splits digits into groups of the given sizes (the last group takes the rest). */
function groups(digits: string, sizes: readonly number[], separator: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= digits.length) break;
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) parts.push(digits.slice(at));
  return parts.join(separator);
}

/**
 * Writes the number the way a person might type it. National forms (no `+` or `00`) only appear for the shop's home
 * country DE (trunk `0`) and for US numbers (10 digits, or 11 starting with `1`), so the rule documented on
 * `generateSample` normalises every variant back to `toE164`.
 *
 * @example formatPhone(phone, rng) // '+49 151 04123456', '0049 151 04123456', '0151 04123456', '(415) 041-2345', ...
 */
export function formatPhone(phone: Phone, rng: Prng): string {
  const { callingCode: cc, national: n } = phone;
  switch (phone.country) {
    case 'US': {
      const area = n.slice(0, 3);
      const local = `${n.slice(3, 6)}-${n.slice(6)}`;
      switch (rng.int(6)) {
        case 0: return `(${area}) ${local}`;
        case 1: return `${area}-${local}`;
        case 2: return `+1 ${area}-${local}`;
        case 3: return `+1 (${area}) ${local}`;
        case 4: return `1-${area}-${local}`;
        default: return `+1${n}`;
      }
    }
    case 'DE': {
      const prefix = n.slice(0, 3);
      const rest = n.slice(3);
      switch (rng.int(6)) {
        case 0: return `+49 ${prefix} ${rest}`;
        case 1: return `0049 ${prefix} ${rest}`;
        case 2: return `0${prefix} ${rest}`;
        case 3: return `0${prefix}/${rest}`;
        case 4: return `+49${n}`;
        default: return `+49 ${prefix} ${groups(rest, [4], ' ')}`;
      }
    }
    case 'GB': {
      const spaced = `${n.slice(0, 4)} ${n.slice(4)}`;
      return [`+44 ${spaced}`, `0044 ${spaced}`, `+44${n}`][rng.int(3)] as string;
    }
    case 'FR': {
      const spaced = groups(n, [1, 2, 2, 2, 2], ' ');
      return [`+33 ${spaced}`, `0033 ${spaced}`, `+33${n}`][rng.int(3)] as string;
    }
    default: {
      const spaced = groups(n, [3], ' ');
      return [`+${cc} ${spaced}`, `00${cc} ${spaced}`, `+${cc}-${n}`][rng.int(3)] as string;
    }
  }
}
