// The one reader of ISO-8601 dates and date-times (config, command options, filters, cursors): strict, so an
// impossible date such as 2026-02-30 is refused instead of rolling over into March.

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const timePattern = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * `text` when it is a real calendar date written 'YYYY-MM-DD'; undefined otherwise.
 * @example isoDay('2026-02-28') // '2026-02-28'; isoDay('2026-02-30') // undefined
 */
export function isoDay(text: string): string | undefined {
  const m = dayPattern.exec(text);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? text : undefined;
}

/**
 * A date or date-time in the canonical cursor form `YYYY-MM-DDTHH:MM:SS.ffffffZ` (UTC, microseconds, fixed width so
 * such times compare as text); undefined when it is not a real one. "T" or a space; no offset means UTC.
 * @example isoTime('2026-03-01 10:00:00+02') // '2026-03-01T08:00:00.000000Z'
 */
export function isoTime(text: string): string | undefined {
  const m = timePattern.exec(text.trim());
  if (!m || isoDay(m[1]!) === undefined) return undefined;
  const [, date, hh = '00', mm = '00', ss = '00', frac = '', zone = 'Z'] = m;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return undefined;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  if (offset !== 'Z' && (Number(offset.slice(1, 3)) > 23 || Number(offset.slice(4, 6)) > 59)) return undefined;
  const ms = Date.parse(`${date}T${hh}:${mm}:${ss}${offset}`);
  if (Number.isNaN(ms)) return undefined;
  return `${new Date(ms).toISOString().slice(0, 19)}.${frac.slice(0, 6).padEnd(6, '0')}Z`;
}

/**
 * True when `tz` is an IANA time zone this runtime knows (e.g. "Europe/Paris", "UTC").
 * @example isTimeZone('Europe/London') // true; isTimeZone('Mars/Olympus') // false
 */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
