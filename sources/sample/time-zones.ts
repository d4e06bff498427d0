// Time zones with daylight-saving rules, daily activity rhythm and ISO-8601 formatting with offsets, so timestamps look local.

import type { Prng } from '../../shared/prng.js';

/** Daylight-saving rule: EU (last Sunday of March to last Sunday of October), US (2nd Sunday of March to 1st of November), none. */
export type DstRule = 'eu' | 'us' | 'none';

/** A fixed standard offset plus a daylight-saving rule; `name` is the IANA name it imitates. */
export interface TimeZone {
  readonly name: string;
  readonly standardMinutes: number;
  readonly dst: DstRule;
}

/** Zones the generator places people, the shop and the ESP in. */
export const ZONES = {
  utc: { name: 'UTC', standardMinutes: 0, dst: 'none' },
  london: { name: 'Europe/London', standardMinutes: 0, dst: 'eu' },
  berlin: { name: 'Europe/Berlin', standardMinutes: 60, dst: 'eu' },
  newYork: { name: 'America/New_York', standardMinutes: -300, dst: 'us' },
  chicago: { name: 'America/Chicago', standardMinutes: -360, dst: 'us' },
  losAngeles: { name: 'America/Los_Angeles', standardMinutes: -480, dst: 'us' },
  kolkata: { name: 'Asia/Kolkata', standardMinutes: 330, dst: 'none' },
  tokyo: { name: 'Asia/Tokyo', standardMinutes: 540, dst: 'none' },
} as const satisfies Record<string, TimeZone>;

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** DST periods per zone, indexed by year - 1970; filled on first use. */
const dstCache = new Map<TimeZone, Array<readonly [number, number]>>();

/** UTC ms of the n-th (1-based; 0 = last) Sunday of a month at the given UTC hour. */
function sundayOf(year: number, month: number, nth: number, utcHour: number): number {
  if (nth === 0) {
    const lastDay = new Date(Date.UTC(year, month + 1, 0));
    return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), utcHour);
  }
  const firstWeekday = new Date(Date.UTC(year, month, 1)).getUTCDay();
  return Date.UTC(year, month, 1 + ((7 - firstWeekday) % 7) + 7 * (nth - 1), utcHour);
}

/** Start and end (UTC ms) of daylight-saving time in a zone that observes it, for one year. */
function dstPeriod(zone: TimeZone, year: number): readonly [number, number] {
  let byYear = dstCache.get(zone);
  if (byYear === undefined) dstCache.set(zone, (byYear = []));
  let period = byYear[year - 1970];
  if (period === undefined) {
    // The EU switches at 01:00 UTC everywhere; the US at 02:00 local time.
    const usHour = 2 - zone.standardMinutes / 60;
    period = zone.dst === 'eu' ? [sundayOf(year, 2, 0, 1), sundayOf(year, 9, 0, 1)] : [sundayOf(year, 2, 2, usHour), sundayOf(year, 10, 1, usHour - 1)];
    byYear[year - 1970] = period;
  }
  return period;
}

const AVERAGE_YEAR_MS = 31_556_952_000;
/** UTC ms of 1 January for 1970..2299, so finding an instant's year needs no Date calls on the hot path. */
const YEAR_STARTS = Float64Array.from({ length: 331 }, (_, i) => Date.UTC(1970 + i, 0, 1));

/** UTC calendar year of an instant (1970..2299). */
function utcYear(utcMs: number): number {
  let i = Math.floor(utcMs / AVERAGE_YEAR_MS);
  if (utcMs < (YEAR_STARTS[i] as number)) i--;
  else if (utcMs >= (YEAR_STARTS[i + 1] as number)) i++;
  return 1970 + i;
}

/** Offset from UTC in minutes that a zone had at a UTC instant. */
export function offsetAt(zone: TimeZone, utcMs: number): number {
  if (zone.dst === 'none') return zone.standardMinutes;
  const [start, end] = dstPeriod(zone, utcYear(utcMs));
  return utcMs >= start && utcMs < end ? zone.standardMinutes + 60 : zone.standardMinutes;
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** `+HH:MM` / `-HH:MM` / `Z` for an offset in minutes. */
function offsetSuffix(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'Z';
  const abs = Math.abs(offsetMinutes);
  return `${offsetMinutes < 0 ? '-' : '+'}${TWO_DIGITS[Math.floor(abs / 60)]}:${TWO_DIGITS[abs % 60]}`;
}

/** `YYYY-MM-DD` of a day number (days since 1970-01-01), by civil-from-days (H. Hinnant). */
function civilDate(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T`;
}

const dateCache = new Map<number, string>();

/**
 * Formats a UTC instant as ISO-8601 local time with the given offset, to whole seconds; hand-rolled (with a per-day
 * cache) because Date's formatter only speaks UTC and this runs tens of millions of times per benchmark sample.
 *
 * @example formatTimestamp(Date.UTC(2026, 0, 1, 23, 30), -300) // '2026-01-01T18:30:00-05:00'
 */
export function formatTimestamp(utcMs: number, offsetMinutes: number): string {
  const localSeconds = Math.floor(utcMs / 1000) + offsetMinutes * 60;
  const days = Math.floor(localSeconds / 86_400);
  let secondOfDay = localSeconds - days * 86_400;
  const hour = Math.floor(secondOfDay / 3600);
  secondOfDay -= hour * 3600;
  const minute = Math.floor(secondOfDay / 60);
  let date = dateCache.get(days);
  if (date === undefined) {
    date = civilDate(days);
    dateCache.set(days, date);
  }
  return `${date}${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[secondOfDay - minute * 60]}${offsetSuffix(offsetMinutes)}`;
}

/** Formats a UTC instant in a zone's local time at that instant. */
export function formatInZone(utcMs: number, zone: TimeZone): string {
  return formatTimestamp(utcMs, offsetAt(zone, utcMs));
}

/** Relative activity per local hour (0-23): quiet at night, peaking in the evening, as shop and social traffic does. */
const HOURLY_ACTIVITY = [0.5, 0.3, 0.2, 0.2, 0.2, 0.4, 1, 2, 3, 3.5, 4, 4, 4.5, 4, 4, 4, 4.5, 5, 6, 7, 7.5, 6, 4, 2];
const HOURLY_CUMULATIVE = HOURLY_ACTIVITY.map((_, i) => HOURLY_ACTIVITY.slice(0, i + 1).reduce((a, b) => a + b, 0) / HOURLY_ACTIVITY.reduce((a, b) => a + b, 0));

/**
 * Moves an instant to a time of day drawn from the daily activity curve, on the same local calendar day in `zone`.
 *
 * @example atActiveHour(Date.UTC(2025, 5, 1, 3), ZONES.berlin, rng) // same local day, most likely late afternoon or evening
 */
export function atActiveHour(utcMs: number, zone: TimeZone, rng: Prng): number {
  const offsetMs = offsetAt(zone, utcMs) * 60_000;
  const localDay = Math.floor((utcMs + offsetMs) / DAY_MS) * DAY_MS;
  return localDay - offsetMs + (rng.weighted(HOURLY_CUMULATIVE) + rng.next()) * HOUR_MS;
}

export { DAY_MS, HOUR_MS };
