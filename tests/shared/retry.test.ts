// The shared backoff and Retry-After reader that the runner, the HTTP source and the webhook sink retry with.
import { describe, expect, it } from 'vitest';
import { backoffDelay, retryAfterMs, sleep } from '../../shared/retry.js';

describe('backoffDelay', () => {
  const b = { baseMs: 1000, maxMs: 5000 };
  it('doubles per attempt, caps at maxMs, and jitters into the upper half of each wait', () => {
    // Full waits 1000, 2000, 4000, 5000 (capped), 5000; random 0 gives the half, random just below 1 the full wait.
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(b, a, () => 0))).toEqual([500, 1000, 2000, 2500, 2500]);
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(b, a, () => 1))).toEqual([1000, 2000, 4000, 5000, 5000]);
    expect(backoffDelay(b, 2, () => 0.5)).toBe(1500);
  });
});

describe('retryAfterMs', () => {
  it('reads delta-seconds and HTTP dates, and nothing else', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs(' 1.5 ', now)).toBe(1500);
    expect(retryAfterMs('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0); // already past
    for (const bad of [null, undefined, '', '  ', 'soon', '-5']) expect(retryAfterMs(bad, now), String(bad)).toBeUndefined();
  });
});

describe('sleep', () => {
  it('returns false at once when aborted, true after a full wait', async () => {
    const aborted = AbortSignal.abort();
    expect(await sleep(10_000, aborted)).toBe(false);
    const c = new AbortController();
    setTimeout(() => c.abort(), 20);
    const started = performance.now();
    expect(await sleep(10_000, c.signal)).toBe(false);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(await sleep(5)).toBe(true);
  });
});
