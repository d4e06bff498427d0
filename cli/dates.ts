// Parses the 'YYYY-MM-DD' dates that command options take.
import { isoDay } from '../shared/dates.js';
import { UsageError } from './command.js';

/** The date `text` as 'YYYY-MM-DD'. @throws UsageError naming the option when it is not a real calendar date. */
export function parseDay(option: string, text: string): string {
  if (isoDay(text) === undefined)
    throw new UsageError(`${option}: expected a date as YYYY-MM-DD, got "${text}"`);
  return text;
}
