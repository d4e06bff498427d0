// The one backoff (exponential, capped, jittered) and the one Retry-After reader of every retry loop: the runner's
// step retries, the HTTP source and the webhook sink.
import { setTimeout as wait } from 'node:timers/promises';

/** Exponential backoff: `baseMs` before the first retry, doubling per retry, never more than `maxMs`. */
export interface Backoff {
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * Milliseconds to wait before try number `attempt + 1`: `min(maxMs, baseMs * 2^(attempt-1))`, jittered to a random
 * point in its upper half ("equal jitter"), so many clients retrying at once do not hit the other side together.
 * @example backoffDelay({ baseMs: 1000, maxMs: 30_000 }, 2) // between 1000 and 2000
 */
export function backoffDelay(backoff: Backoff, attempt: number, random: () => number = Math.random): number {
  const full = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (attempt - 1));
  return full / 2 + random() * (full / 2);
}

/**
 * Milliseconds a Retry-After header asks to wait: delta-seconds ("120", "1.5") or an HTTP date (RFC 9110 10.2.3);
 * undefined when the header is absent or unreadable, 0 for a date in the past.
 * @example retryAfterMs('2') // 2000
 */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  const text = header?.trim() ?? '';
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const at = /^[A-Za-z]{3},? /.test(text) ? Date.parse(text) : NaN; // a date starts with its weekday; "-5" is no year
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Sleeps `ms`, ending early when `signal` aborts; returns false when it was aborted (before or during the wait). */
export async function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return false;
  try {
    await wait(ms, undefined, signal ? { signal } : undefined);
    return true;
  } catch {
    return false;
  }
}
