// Checks the sample's hand-rolled time zones and ISO formatting against the platform's IANA time-zone data.
import { describe, expect, it } from 'vitest';
import { ZONES, formatInZone, formatTimestamp } from '../../../sources/sample/time-zones.js';

describe('sample time zones', () => {
  it.each(Object.values(ZONES).map((zone) => [zone.name, zone] as const))('matches IANA local time in %s every hour of two years', (name, zone) => {
    const intl = new Intl.DateTimeFormat('sv-SE', { timeZone: name, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    const mismatches: string[] = [];
    for (let ms = Date.UTC(2024, 10, 1, 0, 17, 5); ms < Date.UTC(2026, 10, 1); ms += 3_600_000) {
      const ours = formatInZone(ms, zone);
      if (ours.slice(0, 19).replace('T', ' ') !== intl.format(ms) || Date.parse(ours) !== ms) mismatches.push(`${new Date(ms).toISOString()} -> ${ours}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('formats offsets as Z or ±HH:MM and rolls the local date across midnight', () => {
    expect(formatTimestamp(Date.UTC(2026, 0, 1, 23, 30, 9), -300)).toBe('2026-01-01T18:30:09-05:00');
    expect(formatTimestamp(Date.UTC(2026, 0, 1, 23, 30, 9), 120)).toBe('2026-01-02T01:30:09+02:00');
    expect(formatTimestamp(Date.UTC(2024, 1, 29, 0, 0, 0), 0)).toBe('2024-02-29T00:00:00Z');
    expect(formatTimestamp(Date.UTC(2025, 11, 31, 20, 0, 0), 330)).toBe('2026-01-01T01:30:00+05:30');
  });
});
