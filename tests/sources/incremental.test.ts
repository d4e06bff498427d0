import { describe, expect, it } from 'vitest';
import { durationMs, isoTime, laterCursor, windowStart } from '../../sources/incremental.js';

const normal = { fullRefresh: false };

describe('incremental cursors', () => {
  it('writes dates and date-times in one fixed-width UTC form, honouring offsets', () => {
    expect(isoTime('2026-03-01')).toBe('2026-03-01T00:00:00.000000Z');
    expect(isoTime('2026-03-01 10:00:00+02')).toBe('2026-03-01T08:00:00.000000Z');
    expect(isoTime('2026-03-01T10:00:00.1234567-0130')).toBe('2026-03-01T11:30:00.123456Z');
    expect(isoTime('yesterday')).toBeUndefined();
    expect(isoTime('2026-13-01')).toBeUndefined();
  });

  it('starts at the cursor minus the lookback window, the --since date, or the configured start', () => {
    const cursor = '2026-03-10T12:00:00.123456Z';
    expect(windowStart({ cursor, mode: normal })).toBe(cursor);
    expect(windowStart({ cursor, mode: normal }, '2 days')).toBe('2026-03-08T12:00:00.123000Z');
    expect(windowStart({ cursor, mode: { fullRefresh: false, since: '2026-01-01' } }, '2 days')).toBe('2026-01-01T00:00:00.000000Z');
    expect(windowStart({ cursor, mode: { fullRefresh: true } }, '2 days')).toBeUndefined();
    expect(windowStart({ cursor: undefined, mode: normal }, '2 days', '2025-06-01')).toBe('2025-06-01T00:00:00.000000Z');
    expect(windowStart({ cursor: '1500', mode: normal }, 100)).toBe('1400');
  });

  it('never moves a cursor back', () => {
    expect(laterCursor('2026-03-10T00:00:00.000000Z', '2026-03-09T00:00:00.000000Z')).toBe('2026-03-10T00:00:00.000000Z');
    expect(laterCursor('2026-03-10T00:00:00.000000Z', '2026-03-11T00:00:00.000000Z')).toBe('2026-03-11T00:00:00.000000Z');
    expect(laterCursor(undefined, null)).toBeUndefined();
    expect(laterCursor('99', '100')).toBe('100'); // numbers, not text
  });

  it('reads durations in the units it documents', () => {
    expect(durationMs('90 minutes')).toBe(90 * 60_000);
    expect(durationMs('1 week')).toBe(7 * 86_400_000);
    expect(durationMs(undefined)).toBe(0);
  });
});
