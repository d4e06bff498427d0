// Finds a person's identifiers in free text of any table and replaces them with `[forgotten]`.
import { ident, type Warehouse } from '../warehouse/warehouse.js';
import type { Person } from './person.js';

/** What replaces an identifier in text that stays (a log line, another customer's post mentioning the person). */
export const redacted = '[forgotten]';

/** Shorter strings are not searched in free text: a 4-letter handle would match ordinary words of other people's rows. */
export const minSearchLength = 5;

/**
 * The strings a person is written as: every raw form, every normalised value, each handle without its platform (with
 * and without "@"), and the customer ids; lower case, longest first. Those shorter than {@link minSearchLength} are
 * counted, not searched.
 */
export function sweepStrings(person: Person): { searched: string[]; tooShort: number } {
  const all = new Set<string>();
  for (const r of person.raws) all.add(r.raw.trim().toLowerCase());
  for (const i of person.identities) {
    const value = i.identity.slice(i.kind.length + 1);
    all.add(value);
    if (i.kind === 'handle') all.add(value.slice(value.indexOf(':') + 1)).add(`@${value.slice(value.indexOf(':') + 1)}`);
  }
  for (const id of person.customerIds) all.add(id.toLowerCase());
  const list = [...all].filter((s) => s !== '');
  const searched = list.filter((s) => s.length >= minSearchLength).sort((a, b) => b.length - a.length || a.localeCompare(b));
  return { searched, tooShort: list.length - searched.length };
}

/** RE2 pattern of `strings` as whole words: not inside a longer run of letters, digits or "_". */
export function wholeWordsPattern(strings: readonly string[]): string {
  const escaped = strings.map((s) => s.replace(/[\\^$.|?*+()[\]{}-]/g, '\\$&'));
  return `(^|[^a-z0-9_])(${escaped.join('|')})($|[^a-z0-9_])`;
}

/**
 * Replaces every whole-word occurrence of `strings` (any case) in the text columns of `table` with {@link redacted};
 * returns how many rows changed. A cheap `contains` filter runs first so big tables are read once, not regex-matched.
 */
export async function redactStrings(wh: Warehouse, table: string, columns: readonly string[], strings: readonly string[]): Promise<number> {
  if (strings.length === 0 || columns.length === 0) return 0;
  const pattern = wholeWordsPattern(strings);
  const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const hits = (col: string) =>
    `((${strings.map((s) => `contains(lower(${ident(col)}::VARCHAR), ${lit(s)})`).join(' OR ')}) AND regexp_matches(${ident(col)}::VARCHAR, ${lit(pattern)}, 'i'))`;
  const where = columns.map(hits).join(' OR ');
  const [{ n } = { n: 0 }] = await wh.all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)} WHERE ${where}`);
  if (n === 0) return 0;
  // Twice: adjacent occurrences share the separator between them, so one pass can leave every second one.
  const replace = (col: string) => `regexp_replace(regexp_replace(${ident(col)}::VARCHAR, ${lit(pattern)}, '\\1${redacted}\\3', 'gi'), ${lit(pattern)}, '\\1${redacted}\\3', 'gi')`;
  for (const col of columns) {
    await wh.run(`UPDATE ${ident(table)} SET ${ident(col)} = ${replace(col)} WHERE ${hits(col)}`);
  }
  return n;
}
