// Normalises raw emails and phone numbers into the forms identities are matched on (provider mailbox rules, E.164).
import { Metadata, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { EmailProviderRule, IdentityConfig } from './identity-config.js';

/** A normalised value, or the best-effort form of one that cannot be normalised (kept, but it never links). */
export interface Normalised {
  readonly value: string;
  readonly valid: boolean;
}

/**
 * Trims and lower-cases an address, then applies the first provider rule whose domain matches
 * (Gmail: "Jane.Doe+news@GoogleMail.com" -> "janedoe@gmail.com"). Not an address (no text on both sides of one "@"): invalid.
 * @example normaliseEmail(' Jane.Doe+x@gmail.com', defaultIdentityConfig.emailProviders) // { value: 'janedoe@gmail.com', valid: true }
 */
export function normaliseEmail(raw: string, providers: readonly EmailProviderRule[]): Normalised {
  const email = raw.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1 || /\s/.test(email) || email.indexOf('@') !== at) return { value: email, valid: false };
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  const rule = providers.find((p) => p.domains.includes(domain));
  if (rule) {
    if (rule.dropPlusTag) local = local.split('+')[0] ?? local;
    if (rule.dropDots) local = local.replaceAll('.', '');
    domain = rule.canonicalDomain ?? domain;
  }
  return local === '' ? { value: email, valid: false } : { value: `${local}@${domain}`, valid: true };
}

const metadata = new Metadata();
/** The trunk prefix of a country's national format ("0" for DE, "1" for US), if it has one. */
function trunkPrefix(country: CountryCode): string | undefined {
  metadata.selectNumberingPlan(country);
  return (metadata as unknown as { numberingPlan?: { nationalPrefix(): string | undefined } }).numberingPlan?.nationalPrefix();
}

/**
 * Phone number in E.164. "+" or "00" starts an international number. A national number is read in
 * `defaultCountry` (when the country's trunk prefix is "0", only if it starts with "0": "0151 2345678" is German but
 * "(415) 555-0123" is not), else in the first of `fallbackCountries` where it is a possible number. Anything else is
 * invalid, with its digits as value.
 * @example normalisePhone('0151/23456789', { defaultCountry: 'DE', fallbackCountries: [] }) // { value: '+4915123456789', valid: true }
 */
export function normalisePhone(raw: string, rules: Pick<IdentityConfig, 'defaultCountry' | 'fallbackCountries'>): Normalised {
  const text = raw.trim();
  const digits = text.replace(/\D/g, '');
  const international = text.startsWith('+') || digits.startsWith('00');
  const fallback = { value: international ? `+${digits.replace(/^00/, '')}` : digits, valid: false };
  if (digits.length < 4) return fallback;
  if (international) return possible(`+${digits.replace(/^00/, '')}`) ?? fallback;
  const countries: CountryCode[] = [];
  if (rules.defaultCountry) {
    const trunk = trunkPrefix(rules.defaultCountry);
    if (trunk !== '0' || digits.startsWith('0')) countries.push(rules.defaultCountry);
  }
  for (const c of rules.fallbackCountries) if (!countries.includes(c)) countries.push(c);
  for (const c of countries) {
    const found = possible(digits, c);
    if (found) return found;
  }
  return fallback;
}

function possible(text: string, country?: CountryCode): Normalised | undefined {
  const parsed = parsePhoneNumberFromString(text, country);
  // isPossible (length per country) rather than isValid: number ranges change faster than bundled metadata.
  return parsed?.isPossible() ? { value: parsed.number, valid: true } : undefined;
}

/** A social handle on its platform: trimmed, leading "@" dropped, lower-cased ("instagram", " @Ann" -> "instagram:ann"). */
export function normaliseHandle(platform: string, handle: string): string {
  return `${platform.trim().toLowerCase()}:${handle.trim().replace(/^@+/, '').toLowerCase()}`;
}

// ASCII whitespace as JS's trim and /\s/ see it; RE2 (DuckDB's regexes) reads these escapes inside a SQL string.
const asciiSpace = String.raw`[\t\n\x0B\f\r ]`;
/** The raw emails `emailFormsSql` decides: ASCII only, where DuckDB's trim and lower agree with JS's. */
export const sqlDecidableEmail = (raw: string) => `regexp_full_match(${raw}, '[\\x09-\\x0D\\x20-\\x7E]*')`;

/**
 * The SQL twin of {@link normaliseEmail}, for the raw emails of `source` (a query with columns kind, raw) that are ASCII
 * ({@link sqlDecidableEmail}): a query with columns kind, raw, value, valid. Millions of addresses are normalised in
 * DuckDB this way instead of being read into JS one by one (at 1M customers that read and its appender cost ~8 s and
 * held every value in Node's heap); other text (Unicode whitespace and letters, which JS's trim and toLowerCase treat
 * as DuckDB's do not) stays with normaliseEmail. tests/transforms/normalise-identifiers.test.ts checks the two agree.
 */
export function emailFormsSql(source: string, providers: readonly EmailProviderRule[]): string {
  const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const rules = providers.flatMap((p, i) => p.domains.map((d) =>
    `(${i}, ${q(d)}, ${p.canonicalDomain === undefined ? 'NULL' : q(p.canonicalDomain)}, ${p.dropDots}, ${p.dropPlusTag})`));
  const rulesSql = rules.length === 0
    ? 'SELECT NULL::INTEGER AS i, NULL::VARCHAR AS domain, NULL::VARCHAR AS canonical, NULL::BOOLEAN AS drop_dots, NULL::BOOLEAN AS drop_plus WHERE false'
    : `SELECT * FROM (VALUES ${rules.join(', ')}) r(i, domain, canonical, drop_dots, drop_plus)`;
  return `
    WITH trimmed AS (
      SELECT raw, lower(regexp_replace(raw, '^${asciiSpace}+|${asciiSpace}+$', '', 'g')) AS email
      FROM (${source}) s WHERE kind = 'email' AND ${sqlDecidableEmail('raw')}
    ), parts AS (
      SELECT raw, email, split_part(email, '@', 1) AS local, split_part(email, '@', 2) AS domain,
             length(email) - length(replace(email, '@', '')) = 1 AND NOT starts_with(email, '@') AND NOT ends_with(email, '@')
               AND NOT regexp_matches(email, '${asciiSpace}') AS shaped
      FROM trimmed
    ), rules AS (
      -- the first rule naming a domain wins, as in normaliseEmail
      SELECT * FROM (${rulesSql}) QUALIFY row_number() OVER (PARTITION BY domain ORDER BY i) = 1
    ), ruled AS (
      SELECT p.raw, p.email, p.shaped, coalesce(r.canonical, p.domain) AS domain,
             CASE WHEN coalesce(r.drop_plus, false) THEN split_part(p.local, '+', 1) ELSE p.local END AS local, r.drop_dots
      FROM parts p LEFT JOIN rules r ON r.domain = p.domain
    ), done AS (
      SELECT raw, email, shaped, domain, CASE WHEN coalesce(drop_dots, false) THEN replace(local, '.', '') ELSE local END AS local FROM ruled
    )
    SELECT 'email' AS kind, raw, CASE WHEN shaped AND local <> '' THEN local || '@' || domain ELSE email END AS value,
           shaped AND local <> '' AS valid
    FROM done`;
}
