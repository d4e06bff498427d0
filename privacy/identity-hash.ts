// Normalised identities and their salted hashes: the form a forgotten person is remembered in (tombstones, audit).
import { createHash, randomBytes } from 'node:crypto';
import type { ChannelRegistry, IdentifierKind } from '../sources/contracts/index.js';
import type { IdentityConfig } from '../transforms/identity-config.js';
import { normaliseEmail, normalisePhone } from '../transforms/normalise-identifiers.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/**
 * The identity (`kind:value`) a raw identifier resolves to, normalised exactly as the identities transform does
 * (`transforms/identities.ts`, `normaliseForms`; a test compares the two on the sample); undefined for an empty value.
 * @example identityOf('email', ' Jane.Doe+x@GoogleMail.com', config) // 'email:janedoe@gmail.com'
 */
export function identityOf(kind: IdentifierKind, raw: string, config: IdentityConfig): string | undefined {
  if (raw.trim() === '') return undefined;
  const value = kind === 'email' ? normaliseEmail(raw, config.emailProviders).value
    : kind === 'phone' ? normalisePhone(raw, config).value
      : kind === 'handle' ? raw.trim().replace(/:\s*@*/, ':').toLowerCase()
        : raw.trim();
  return `${kind}:${value}`;
}

/** What a record's tombstone hashes: its channel and record id (`record:orders:1001`). */
export const recordIdentity = (channel: string, recordId: string): string => `record:${channel}:${recordId}`;

/** The warehouse's salt, made (32 random bytes) the first time a tombstone or audit row needs it. */
export async function warehouseSalt(wh: Warehouse): Promise<string> {
  const [row] = await wh.all<{ salt: string }>('SELECT salt FROM privacy_salt LIMIT 1');
  if (row) return row.salt;
  const salt = randomBytes(32).toString('hex');
  await wh.run('INSERT INTO privacy_salt VALUES ($1)', [salt]);
  return salt;
}

/** sha256 of the salt and an identity, hex: equal identities give equal hashes within one warehouse, never across. */
export function saltedHash(salt: string, identity: string): string {
  return createHash('sha256').update(`${salt}\u0000${identity}`).digest('hex');
}

const emailLike = /[^\s"'<>(),;:[\]{}\\]+@[^\s"'<>(),;:[\]{}\\]+\.[a-z]{2,}/gi;
const phoneLike = /\+?\d[\d\s()./-]{5,}\d/g;
const jsonValue = (key: string) => new RegExp(`"${key.replace(/\W/g, '')}"\\s*:\\s*"([^"\\\\]*)"`, 'i');

/**
 * The identities written in free text (a quarantined record's raw line, a rejected record): every email address and
 * phone number in it, a handle when the text is JSON with `platform` and `handle` keys, and the value of every JSON key
 * `fieldKinds` names (a channel's identifier fields, e.g. `customer_ref` -> account). Not found: an account id or a
 * handle in other text (nothing marks them as one).
 */
export function identitiesInText(text: string, config: IdentityConfig, fieldKinds: Readonly<Record<string, IdentifierKind>> = {}): Set<string> {
  const found = new Set<string>();
  for (const [field, kind] of Object.entries(fieldKinds)) {
    const value = jsonValue(field).exec(text)?.[1];
    const identity = value === undefined ? undefined : identityOf(kind, value, config);
    if (identity !== undefined) found.add(identity);
  }
  for (const m of text.match(emailLike) ?? []) found.add(identityOf('email', m, config)!);
  for (const m of text.match(phoneLike) ?? []) {
    const n = normalisePhone(m, config);
    if (n.valid) found.add(`phone:${n.value}`);
  }
  const platform = jsonValue('platform').exec(text)?.[1];
  const handle = jsonValue('handle').exec(text)?.[1];
  if (platform && handle) found.add(identityOf('handle', `${platform}:${handle}`, config)!);
  return found;
}

/** Plain identifier fields of every channel with their kind (`email` -> email, `customer_ref` -> account), for {@link identitiesInText}. */
export function identifierFields(registry: ChannelRegistry): Record<string, IdentifierKind> {
  const out: Record<string, IdentifierKind> = {};
  for (const c of Object.values(registry)) for (const id of c.identifiers) if (Object.hasOwn(c.schema.shape, id.value)) out[id.value] = id.kind;
  return out;
}
