// Normalises emails and phones the way ad platforms' customer-match uploads expect, then hashes them with SHA-256.
import { createHash } from 'node:crypto';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { HashPlatform } from './sink-config.js';

export { hashPlatforms, type HashPlatform } from './sink-config.js';

export interface HashRules {
  readonly platform: HashPlatform;
  /** ISO 3166 country for phones written without a country code (e.g. "GB" reads 07700 900123 as +44 7700 900123). */
  readonly phoneCountry?: CountryCode;
}

/** Lower-case hex SHA-256 of the UTF-8 text. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Email as both Google Customer Match and Meta expect it before hashing: surrounding whitespace removed, lower-cased.
 * Returns null for a value that is not an address (no "@" with text on both sides).
 */
export function normaliseEmail(email: string): string | null {
  const e = email.trim().toLowerCase();
  return /^[^@\s]+@[^@\s]+$/.test(e) ? e : null;
}

/**
 * Phone in E.164 (country code included): "+16505551212" for Google, "16505551212" (digits only) for Meta.
 * Returns null when the number has no country code (and no `phoneCountry` is given) or has an impossible length.
 */
export function normalisePhone(phone: string, rules: HashRules): string | null {
  const parsed = parsePhoneNumberFromString(phone.trim(), rules.phoneCountry);
  // isPossible (length per country) rather than isValid: number ranges change faster than bundled metadata.
  if (!parsed || !parsed.isPossible()) return null;
  return rules.platform === 'google' ? parsed.number : parsed.number.slice(1);
}

/** SHA-256 of the normalised email, or null when it does not normalise. */
export function hashEmail(email: string | null): string | null {
  const e = email === null ? null : normaliseEmail(email);
  return e === null ? null : sha256Hex(e);
}

/** SHA-256 of the first phone that normalises, or null when none does. */
export function hashFirstPhone(phones: readonly string[] | null, rules: HashRules): string | null {
  for (const p of phones ?? []) {
    const n = normalisePhone(p, rules);
    if (n !== null) return sha256Hex(n);
  }
  return null;
}
