// The reporting period of a report: the last complete week, month or quarter before the as-of date, and the ones before it.

/** How long one reporting period is. Weeks are ISO weeks (Monday to Sunday, UTC). */
export type PeriodKind = 'week' | 'month' | 'quarter';

/** One period as half-open dates: `start` inclusive, `end` exclusive, both 'YYYY-MM-DD' (UTC). */
export interface Period {
  readonly start: string;
  readonly end: string;
  /** Human label, e.g. "2026-10-19 to 2026-10-25" or "October 2026". */
  readonly label: string;
}

/** The report's period, the one before it, the same period a year earlier, and the trend window ending with it. */
export interface ReportPeriod {
  readonly kind: PeriodKind;
  readonly current: Period;
  readonly previous: Period;
  /**
   * The same period a year earlier: the same calendar month or quarter; for a week, the week 52 weeks before
   * (Monday to Sunday, so the weekdays line up; the same ISO week number unless the year before had 53 weeks).
   */
  readonly yearAgo: Period;
  /** The last `TREND_PERIODS` periods, oldest first, ending with `current`. */
  readonly trend: readonly Period[];
}

/** How many periods a trend chart shows. */
export const TREND_PERIODS = 12;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Chooses the period a report covers: the last complete `kind` ending on or before `asOf` (exclusive), so a
 * report always compares two whole periods. As of Wednesday 2026-11-04 the week is Mon 2026-10-26 to Sun
 * 2026-11-01; as of 2026-11-01 the month is October 2026.
 * @throws Error when `asOf` is not a real 'YYYY-MM-DD' date.
 * @example reportPeriod('2026-11-04', 'week').current.start; // '2026-10-26'
 */
export function reportPeriod(asOf: string, kind: PeriodKind): ReportPeriod {
  const day = parseDate(asOf);
  const end = kind === 'week' ? addDays(day, -((day.getUTCDay() + 6) % 7))
    : new Date(Date.UTC(day.getUTCFullYear(), kind === 'quarter' ? day.getUTCMonth() - (day.getUTCMonth() % 3) : day.getUTCMonth(), 1));
  const trend: Period[] = [];
  let periodEnd = end;
  for (let i = 0; i < TREND_PERIODS; i++) {
    const start = step(periodEnd, kind, -1);
    trend.unshift(period(start, periodEnd, kind));
    periodEnd = start;
  }
  const current = trend[TREND_PERIODS - 1]!;
  const yearBack = kind === 'week' ? -52 : kind === 'quarter' ? -4 : -12;
  const yearAgo = period(step(parseDate(current.start), kind, yearBack), step(parseDate(current.end), kind, yearBack), kind);
  return Object.freeze({ kind, current, previous: trend[TREND_PERIODS - 2]!, yearAgo, trend: Object.freeze(trend) });
}

/** Adds `n` periods (negative to go back) to a 'YYYY-MM-DD' date. */
export function shiftDate(date: string, kind: PeriodKind, n: number): string {
  return iso(step(parseDate(date), kind, n));
}

function period(start: Date, end: Date, kind: PeriodKind): Period {
  const label = kind === 'week' ? `${iso(start)} to ${iso(addDays(end, -1))}`
    : kind === 'quarter' ? `Q${Math.floor(start.getUTCMonth() / 3) + 1} ${start.getUTCFullYear()}`
    : `${monthNames[start.getUTCMonth()]} ${start.getUTCFullYear()}`;
  return Object.freeze({ start: iso(start), end: iso(end), label });
}

function step(date: Date, kind: PeriodKind, n: number): Date {
  return kind === 'week' ? addDays(date, 7 * n) : new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + n * (kind === 'quarter' ? 3 : 1), date.getUTCDate()));
}

function addDays(date: Date, n: number): Date {
  return new Date(date.getTime() + n * 86_400_000);
}

function parseDate(text: string): Date {
  const date = new Date(`${text}T00:00:00Z`);
  if (!isoDate.test(text) || Number.isNaN(date.getTime()) || iso(date) !== text) {
    throw new Error(`expected an as-of date as YYYY-MM-DD, got "${text}"`);
  }
  return date;
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}
