// Slows password and token guessing: failed sign-ins per user name and per client address earn a growing lockout.

/** How many failures are free, and how the lockout after them grows. */
export interface ThrottlePolicy {
  /** Failures allowed before the first lockout. */
  readonly freeFailures: number;
  /** The first lockout; doubled after each further failure. */
  readonly baseLockMs: number;
  readonly maxLockMs: number;
  /** A key with no failure for this long starts over. */
  readonly forgetAfterMs: number;
}

export const defaultThrottlePolicy: ThrottlePolicy = Object.freeze({ freeFailures: 5, baseLockMs: 1000, maxLockMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 });

interface Entry {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

/**
 * Counts failed sign-ins by key (`user:<name>`, `address:<ip>`). After `freeFailures` failures a key is locked for
 * `baseLockMs`, doubling with each further failure up to `maxLockMs`; while any of a request's keys is locked, it
 * is refused before any password is checked (so guessing costs the server nothing either). A success clears the
 * user's key only: one right password from a shared address does not unlock guesses at other users.
 * @example const wait = throttle.lockedFor([`user:${name}`, `address:${ip}`]); if (wait > 0) return tooMany(wait);
 */
export class LoginThrottle {
  readonly #entries = new Map<string, Entry>();
  constructor(readonly policy: ThrottlePolicy = defaultThrottlePolicy, readonly now: () => number = Date.now) {}

  /** Milliseconds until every one of `keys` may try again; 0 when none is locked. */
  lockedFor(keys: readonly string[]): number {
    const t = this.now();
    return Math.max(0, ...keys.map((k) => (this.#entries.get(k)?.lockedUntil ?? 0) - t));
  }

  /** Records a failure for each key; returns the longest lockout it started (0 while failures are still free). */
  fail(keys: readonly string[]): number {
    const t = this.now();
    let longest = 0;
    for (const key of keys) {
      const old = this.#entries.get(key);
      const e = old && t - old.lastFailure < this.policy.forgetAfterMs ? old : { failures: 0, lockedUntil: 0, lastFailure: t };
      e.failures++;
      e.lastFailure = t;
      const over = e.failures - this.policy.freeFailures;
      if (over > 0) {
        const lock = Math.min(this.policy.maxLockMs, this.policy.baseLockMs * 2 ** (over - 1));
        e.lockedUntil = t + lock;
        longest = Math.max(longest, lock);
      }
      this.#entries.set(key, e);
    }
    this.#prune(t);
    return longest;
  }

  /** Forgets the failures of `keys` (after a successful sign-in). */
  succeed(keys: readonly string[]): void {
    for (const key of keys) this.#entries.delete(key);
  }

  // Bounded memory under a flood of distinct user names: old, unlocked entries go first.
  #prune(t: number): void {
    if (this.#entries.size <= 10_000) return;
    for (const [key, e] of this.#entries) if (e.lockedUntil <= t || t - e.lastFailure > this.policy.forgetAfterMs) this.#entries.delete(key);
  }
}
