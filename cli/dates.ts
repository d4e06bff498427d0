// Parses the 'YYYY-MM-DD' dates that command options take.
import { UsageError } from './command.js';

/** The date `text` as 'YYYY-MM-DD'. @throws UsageError naming the option when it is not a real calendar date. */
export function parseDay(option: string, text: string): string {
  const d = new Date(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text)
    throw new UsageError(`${option}: expected a date as YYYY-MM-DD, got "${text}"`);
  return text;
}
