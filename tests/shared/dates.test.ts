// The one strict reader of ISO dates and date-times.
import { describe, expect, it } from 'vitest';
import { isoDay, isoTime } from '../../shared/dates.js';

describe('isoDay', () => {
  it('takes real calendar dates written YYYY-MM-DD and nothing else', () => {
    for (const d of ['2026-01-31', '2024-02-29', '2000-02-29', '1999-12-31']) expect(isoDay(d), d).toBe(d);
    // 2026 and 1900 are no leap years; April has 30 days; the rest are not the form.
    for (const d of ['2026-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-5', ' 2026-01-31', '2026-01-31T00:00', 'yesterday'])
      expect(isoDay(d), d).toBeUndefined();
  });
});

describe('isoTime', () => {
  it('reads dates and date-times with or without an offset into the canonical UTC cursor form', () => {
    expect(isoTime('2026-03-01')).toBe('2026-03-01T00:00:00.000000Z');
    expect(isoTime('2026-03-01 10:00')).toBe('2026-03-01T10:00:00.000000Z');
    expect(isoTime('2026-03-01T10:00:00+02')).toBe('2026-03-01T08:00:00.000000Z');
    expect(isoTime('2026-03-01T00:30:00.1234567-0130')).toBe('2026-03-01T02:00:00.123456Z');
    expect(isoTime('2026-12-31T23:59:59Z')).toBe('2026-12-31T23:59:59.000000Z');
  });

  it('refuses impossible dates and times instead of rolling them over', () => {
    for (const t of ['2026-02-30', '2026-02-30T10:00:00Z', '2026-04-31 00:00', '2026-01-01T24:00:00Z', '2026-01-01T23:60:00Z', '2026-01-01T10:00:61Z', '2026-01-01T10:00:00+25', 'yesterday', ''])
      expect(isoTime(t), t).toBeUndefined();
  });
});
