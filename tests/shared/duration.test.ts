// The one duration grammar of the config: short ('2d') and long ('2 days') units, strict, with one clear message.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { durationForms, formatDuration, parseDuration } from '../../shared/duration.js';

const day = 86_400_000;

describe('parseDuration', () => {
  it('reads both spellings the configs use to the same milliseconds', () => {
    const same: [string, string, number][] = [
      ['500ms', '500 milliseconds', 500], ['30s', '30 seconds', 30_000], ['90m', '90 minutes', 90 * 60_000],
      ['36h', '36 hours', 36 * 3_600_000], ['2d', '2 days', 2 * day], ['1w', '1 week', 7 * day], ['1d', '1 day', day],
    ];
    for (const [short, long, ms] of same) {
      expect(parseDuration(short), short).toBe(ms);
      expect(parseDuration(long), long).toBe(ms);
    }
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration(' 2 d ')).toBe(2 * day);
  });

  it('refuses what is ambiguous or not a duration', () => {
    for (const text of ['2', '', 'd', 'two days', '2 months', '1y', '1h30m', '2D', '2M', '-1d', '2  days', '2 dayz', '2 mins'])
      expect(parseDuration(text), text).toBeUndefined();
  });

  it('writes milliseconds back in the shortest exact short form', () => {
    expect([2 * day, 90_000, 1500, 7 * day].map(formatDuration)).toEqual(['2d', '90s', '1500ms', '1w']);
  });
});

describe('durations in the config', () => {
  it('accepts either spelling in every duration key and names the field and the expected forms otherwise', () => {
    const config = (backoff: string, lookback: string, fresh: string) => ({
      sources: { api: { connector: 'http', channel: 'orders', url: 'https://api.example/orders', incremental: { param: 'since', lookback } } },
      pipelines: { daily: { schedule: '0 6 * * *', retry: { backoff }, freshness: { api: fresh } } },
    });
    expect(() => parseConfig(config('1s', '2 days', '2d'), '/x/rapport.config.ts', {})).not.toThrow();
    expect(() => parseConfig(config('1 second', '2d', '2 days'), '/x/rapport.config.ts', {})).not.toThrow();
    let message = '';
    try {
      parseConfig(config('2', '1 month', '1h30m'), '/x/rapport.config.ts', {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(`pipelines.daily.retry.backoff: ${durationForms}`);
    expect(message).toContain(`sources.api.incremental.lookback: ${durationForms}`);
    expect(message).toContain(`pipelines.daily.freshness.api: ${durationForms}`);
  });
});
