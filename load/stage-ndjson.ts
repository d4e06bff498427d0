// The SQL that reads JSON lines into the contract's fields as text: each line parsed once, in file order.
import type { FieldSelection } from './stage-mapped.js';
import { literal } from '../warehouse/warehouse.js';

/**
 * A FROM item over `rows` (a FROM item with a `line` column, every line valid JSON; other columns pass through)
 * giving the text of every contract field (`fields.selects`, which index the list `_json` of `fields.paths`), plus
 * `line` and `_dup_key` (true when the record gives a top-level key twice) for `fields.extra`'s checks.
 *
 * When every path is a plain top-level key, the line is parsed by `from_json` into a struct of those keys (one
 * typed pass, as read_json does) instead of one `json_extract_string` per path; the two render a number in exponent
 * form differently (1e+30, 1e30), so such a value alone is read again the per-line way. A key given twice can only
 * be in a line where that key's quoted name appears twice: only those lines (and lines with a \u escape, which can
 * spell a key) pay for listing their keys.
 */
export function jsonLinesFrom(fields: FieldSelection, rows: string): string {
  const keys = fields.paths.map((p) => (/^\$\."/.test(p) ? (JSON.parse(p.slice(2)) as string) : undefined));
  const distinct = [...new Set(keys)];
  // A struct's field names ignore case: two keys that differ only in case are read the per-path way.
  const plain = keys.every((k): k is string => k !== undefined) && new Set(distinct.map((k) => k!.toLowerCase())).size === distinct.length;
  const dupKey = `len(json_keys(line)) > len(list_distinct(json_keys(line)))`;
  if (!plain || fields.paths.length === 0) {
    const json = fields.paths.length ? `json_extract_string(line, [${fields.paths.map(literal).join(', ')}])` : 'NULL';
    return `(SELECT ${fields.selects.join(', ')}, * EXCLUDE (_json) FROM (SELECT *, ${json} AS _json, ${dupKey} AS _dup_key FROM ${rows}))`;
  }
  const struct = literal(JSON.stringify(Object.fromEntries(distinct.map((k) => [k!, 'VARCHAR']))));
  const value = (k: string, i: number) => {
    const v = `_s[${literal(k)}]`;
    return `CASE WHEN ascii(${v}) IN (45, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57) AND contains(${v}, 'e') THEN json_extract_string(line, ${literal(fields.paths[i]!)}) ELSE ${v} END`;
  };
  const twice = distinct.map((k) => `${quotedKey(k!)}.*${quotedKey(k!)}`);
  return `(SELECT ${fields.selects.join(', ')}, * EXCLUDE (_json, _s) FROM
    (SELECT *, [${(keys as string[]).map(value).join(', ')}] AS _json,
            CASE WHEN regexp_matches(line, ${literal([...twice, '\\\\u'].join('|'))}) THEN ${dupKey} ELSE false END AS _dup_key
     FROM (SELECT *, from_json(line, ${struct}) AS _s FROM ${rows})))`;
}

/** A JSON key as it is written in a line (quoted), as a regular expression. */
function quotedKey(key: string): string {
  return JSON.stringify(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
