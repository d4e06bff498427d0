// Sign-in for the web app: scrypt-hashed secrets from config, in-memory sessions with a CSRF token each.
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
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
  /** `roles`: `admin` may forget and export a person (web/privacy-routes.ts). */
  readonly users: readonly { readonly name: string; readonly passwordHash: string; readonly roles?: readonly string[] }[];
  readonly tokenHash?: string | undefined;
}

/** A signed-in browser: its user and the token every state-changing form must send back. */
export interface Session {
  readonly user: string;
  readonly csrf: string;
  readonly expires: number;
}

/**
 * Sessions by id, held in memory: a restart signs everyone out, which is fine for a small internal tool. At most
 * `maxSessions` are kept (the oldest go first), so clients that never send the cookie back cannot fill memory.
 */
export class SessionStore {
  readonly #sessions = new Map<string, Session>();
  constructor(readonly ttlMs = 12 * 3600_000, readonly now: () => number = Date.now, readonly maxSessions = 10_000) {}

  create(user: string): { id: string; session: Session } {
    const id = randomBytes(32).toString('base64url');
    const session = { user, csrf: randomBytes(24).toString('base64url'), expires: this.now() + this.ttlMs };
    for (const oldest of this.#sessions.keys()) {
      if (this.#sessions.size < this.maxSessions) break;
      this.#sessions.delete(oldest);
    }
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

// A hash of a random secret with the same cost as real ones: an unknown user name costs one scrypt too, so the
// answer's timing does not tell which names exist.
let dummyHash: Promise<string> | undefined;

/**
 * Checks a user name and password (or the token, with user name "token") against `auth`; returns the user name.
 * Runs exactly one scrypt whatever the name, known or not.
 */
export async function checkCredentials(auth: AuthConfig, name: string, secret: string): Promise<string | null> {
  if (secret.length === 0 || secret.length > 1024) return null;
  const user = auth.users.find((u) => u.name === name);
  if (user) return (await verifySecret(secret, user.passwordHash)) ? user.name : null;
  if ((name === '' || name === 'token') && auth.tokenHash) return (await verifySecret(secret, auth.tokenHash)) ? 'token' : null;
  await verifySecret(secret, await (dummyHash ??= hashSecret(randomBytes(16).toString('hex'))));
  return null;
}

/**
 * Checks bearer tokens against `tokenHash`, remembering tokens that matched for `ttlMs` (by their SHA-256, never
 * the token itself) so a script's requests do not each pay a deliberately slow scrypt. Failures are not
 * remembered: they are what the sign-in throttle counts.
 */
export class BearerCheck {
  readonly #verified = new Map<string, number>();
  constructor(readonly tokenHash: string, readonly ttlMs = 5 * 60_000, readonly now: () => number = Date.now) {}

  async verify(token: string): Promise<boolean> {
    if (token.length === 0 || token.length > 1024) return false;
    const key = createHash('sha256').update(token).digest('base64');
    const until = this.#verified.get(key);
    if (until !== undefined && until > this.now()) return true;
    this.#verified.delete(key);
    if (!(await verifySecret(token, this.tokenHash))) return false;
    if (this.#verified.size >= 100) this.#verified.clear(); // only ever a handful of valid tokens
    this.#verified.set(key, this.now() + this.ttlMs);
    return true;
  }
}

/**
 * True when `a` and `b` are equal strings, compared in constant time. Compares SHA-256 digests, so strings of any
 * length or characters (a non-ASCII value of the right length included) compare without throwing.
 */
export function sameToken(a: string | undefined, b: string): boolean {
  if (typeof a !== 'string' || b.length === 0) return false;
  const digest = (v: string) => createHash('sha256').update(v, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}
