// Durations written in config as '500ms', '30s', '15m', '6h', '2d' or '1w', parsed to milliseconds.

const units: Readonly<Record<string, number>> = Object.freeze({ ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 });
const pattern = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/;

/**
 * Milliseconds in a duration such as '2d' or '90s'; undefined when the text is not one.
 * @example parseDuration('2d') // 172800000
 */
export function parseDuration(text: string): number | undefined {
  const m = pattern.exec(text.trim());
  return m ? Math.round(Number(m[1]) * units[m[2]!]!) : undefined;
}

/** The shortest exact way to write `ms` ('2d', '90s', '1500ms'), for messages. */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) if (ms >= units[unit]! && ms % units[unit]! === 0) return `${ms / units[unit]!}${unit}`;
  return `${ms}ms`;
}
