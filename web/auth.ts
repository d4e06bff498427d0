// Sign-in for the web app: scrypt-hashed secrets from config, in-memory sessions with a CSRF token each.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number }) => Promise<Buffer>;
const N = 16384, R = 8, P = 1, KEYLEN = 32;

/**
 * Hashes a password or token as `scrypt$N$r$p$<salt b64>$<hash b64>` (the form `web.users[].passwordHash` and
 * `web.tokenHash` take; `rapport serve --hash-password` prints it).
 */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, KEYLEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** True when `secret` matches `stored` (a `hashSecret` result); false for a malformed hash. Constant-time compare. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(secret, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return expected.length > 0 && timingSafeEqual(actual, expected);
}

/** Who may sign in: users with hashed passwords, and/or one hashed access token (user name "token"). */
export interface AuthConfig {
  readonly users: readonly { readonly name: string; readonly passwordHash: string }[];
  readonly tokenHash?: string | undefined;
}

/** A signed-in browser: its user and the token every state-changing form must send back. */
export interface Session {
  readonly user: string;
  readonly csrf: string;
  readonly expires: number;
}

/** Sessions by id, held in memory: a restart signs everyone out, which is fine for a small internal tool. */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  constructor(readonly ttlMs = 12 * 3600_000, readonly now: () => number = Date.now) {}

  create(user: string): { id: string; session: Session } {
    const id = randomBytes(32).toString('base64url');
    const session = { user, csrf: randomBytes(24).toString('base64url'), expires: this.now() + this.ttlMs };
    this.#sessions.set(id, session);
    return { id, session };
  }

  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const s = this.#sessions.get(id);
    if (s && s.expires <= this.now()) this.#sessions.delete(id);
    return s && s.expires > this.now() ? s : undefined;
  }

  delete(id: string | undefined): void {
    if (id) this.#sessions.delete(id);
  }
}

/** Checks a user name and password (or the token, with user name "token") against `auth`; returns the user name. */
export async function checkCredentials(auth: AuthConfig, name: string, secret: string): Promise<string | null> {
  if (secret.length === 0 || secret.length > 1024) return null;
  const user = auth.users.find((u) => u.name === name);
  if (user && (await verifySecret(secret, user.passwordHash))) return user.name;
  if ((name === '' || name === 'token') && auth.tokenHash && (await verifySecret(secret, auth.tokenHash))) return 'token';
  return null;
}

/** True when `a` and `b` are equal strings, compared in constant time. */
export function sameToken(a: string | undefined, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
