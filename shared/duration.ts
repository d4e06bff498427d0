// The one duration grammar of the config (`retry.backoff`, `freshness`, `incremental.lookback`): a number and one
// unit, short ('500ms', '30s', '15m', '6h', '2d', '1w') or long ('90 seconds', '2 days', '1 week').

const units: Readonly<Record<string, number>> = Object.freeze({ ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 });
const longUnits: Readonly<Record<string, string>> = Object.freeze({ millisecond: 'ms', second: 's', minute: 'm', hour: 'h', day: 'd', week: 'w' });
const pattern = /^(\d+(?:\.\d+)?) ?(ms|s|m|h|d|w|(millisecond|second|minute|hour|day|week)s?)$/;

/** What a duration may look like, for error messages (zod adds the field's path in front). */
export const durationForms =
  'expected a duration: a number and one unit, such as "30s", "15m", "2d" or "2 days" (units ms, s, m, h, d, w or milliseconds, seconds, minutes, hours, days, weeks)';

/**
 * Milliseconds in a duration such as '2d', '90s' or '2 days'; undefined when the text is not one. Refused: a bare
 * number ('2': seconds or days?), other units ('2 months', '1y'), compounds ('1h30m'), upper case ('2D' would read
 * as days but 'M' as minutes or months).
 * @example parseDuration('2d') // 172800000, the same as parseDuration('2 days')
 */
export function parseDuration(text: string): number | undefined {
  const m = pattern.exec(text.trim());
  if (!m) return undefined;
  const unit = m[3] !== undefined ? longUnits[m[3]]! : m[2]!;
  return Math.round(Number(m[1]) * units[unit]!);
}

/** The shortest exact way to write `ms` ('2d', '90s', '1500ms'), for messages. */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) if (ms >= units[unit]! && ms % units[unit]! === 0) return `${ms / units[unit]!}${unit}`;
  return `${ms}ms`;
}

/** How old something is, in words: hours below two days, days from then on. @example formatAge(5 * 86_400_000) // '5.0 days' */
export function formatAge(ms: number): string {
  const hours = ms / 3_600_000;
  return hours >= 48 ? `${(hours / 24).toFixed(1)} days` : `${hours.toFixed(1)} hours`;
}
