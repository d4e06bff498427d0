// Reads an NDJSON file with DuckDB's read_json into checked rows, re-reading only the odd lines one by one.
import type { Channel } from '../sources/contracts/index.js';
import { checkedSelect, contractColumns } from '../sources/contracts/contract-sql.js';
import type { FieldMapping } from '../sources/field-mapping.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident, literal } from '../warehouse/warehouse.js';

export interface NdjsonRequest {
  readonly warehouse: Warehouse;
  readonly file: string;
  readonly channel: Channel;
  readonly mapping: Readonly<Record<string, FieldMapping>>;
  /** The temp table of the file's physical lines (`line`, row id = line number - 1), as `stageFile` reads them. */
  readonly lines: string;
  /** The temp table to create: `checkedSelect`'s output, one row per non-blank line, row id = line number - 1. */
  readonly src: string;
  /**
   * The per-line path's checked SELECT over a FROM item with `_record_no` and `line` (other columns but `line` pass
   * through), for the lines read one by one.
   */
  readonly perLine: (from: string) => string;
}

/** True when the typed reader can serve this file: UTF-8, every field read from a top-level key by name. */
export function typedReadable(encoding: string, mapping: Readonly<Record<string, FieldMapping>>): boolean {
  return encoding === 'utf-8' && Object.values(mapping).every((m) => typeof m === 'string' && !m.startsWith('$'));
}

/**
 * Stages the file's records through `read_json` (the contract's keys as text columns, checks and casts inline, as
 * for CSV), then re-reads through the per-line path the lines it cannot vouch for: invalid JSON (deleted here: the
 * caller quarantines them), not an object, a contract key given twice, and every row that failed a check or holds a
 * value whose text the two readers render differently (a JSON object or array, a number in exponent form). So the
 * rows, reasons and raw text are the per-line path's, and record numbers stay line numbers.
 * Returns false (nothing created) when the file has blank lines, which `read_json` skips, so its row ids would not
 * be line numbers; when `read_json` fails on the file; or when the two readers disagree on the number of records.
 */
export async function stageNdjsonTyped(req: NdjsonRequest): Promise<boolean> {
  const { warehouse: wh, lines, src } = req;
  const cols = contractColumns(req.channel);
  const keyOf = (field: string) => (req.mapping[field] as string | undefined) ?? field;
  const [{ blank, total } = { blank: 0, total: 0 }] = await wh.all<{ blank: number; total: number }>(
    // (trim only lines that start with white space: trimming every line costs as much as reading it)
    `SELECT count(*) FILTER (WHERE line IS NULL OR (ascii(line) IN (9, 13, 32) AND trim(line, ' \t\r') = '')) AS blank, count(*) AS total FROM ${ident(lines)}`);
  if (blank > 0) return false;
  const keys = [...new Set(cols.map((c) => keyOf(c.name)))];
  const columns = `{${keys.map((k) => `${literal(k)}: 'VARCHAR'`).join(', ')}}`;
  const from = `(SELECT ${cols.map((c) => `${ident(keyOf(c.name))} AS ${ident(c.name)}`).join(', ')}
    FROM read_json(${literal(req.file)}, format = 'newline_delimited', ignore_errors = true, columns = ${columns}))`;
  // Even with ignore_errors the reader gives up on some broken lines (a lone `[`): the per-line path reads those files.
  const read = await wh.run(`CREATE OR REPLACE TEMP TABLE ${ident(src)} AS ${checkedSelect(req.channel, from, {}, 'NULL::VARCHAR')}`).then(() => true, () => false);
  if (!read) return false;
  const [{ n } = { n: 0 }] = await wh.all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(src)}`);
  if (n !== total) {
    await wh.run(`DROP TABLE ${ident(src)}`);
    return false;
  }
  // Lines the typed reader cannot vouch for. A key given twice: read_json keeps the first value without a word, so a
  // line where a contract key appears twice as a quoted string (or any \u escape, which could spell a key) is re-read.
  const twice = keys.map((k) => `${quotedKey(k)}.*${quotedKey(k)}`);
  const odd = `SELECT rowid FROM ${ident(lines)} WHERE NOT json_valid(line) OR (ascii(line) <> 123 AND NOT starts_with(ltrim(line), '{'))
    OR regexp_matches(line, ${literal([...twice, '\\\\u'].join('|'))})`;
  // Rows whose text may differ from the per-line reading: failed a check (their reason and raw text come from the
  // line), or a text value that is a JSON object/array or a number in exponent form (read_json writes 1e+30, the
  // per-line path 1e30).
  const text = cols.filter((c) => c.duckdbType === 'VARCHAR').map((c) => ident(c.name));
  const suspect = text.map((v) => `ascii(${v}) IN (123, 91) OR (ascii(${v}) IN (45, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57) AND contains(${v}, 'e'))`);
  const redo = ident(`${src}_redo`);
  await wh.run(`CREATE OR REPLACE TEMP TABLE ${redo} AS
    SELECT * EXCLUDE (_record_no) FROM (${req.perLine(`(SELECT rowid AS _idx, rowid + 1 AS _record_no, line FROM ${ident(lines)} WHERE json_valid(line) AND rowid IN (
      ${odd} UNION SELECT rowid FROM ${ident(src)} WHERE _reason IS NOT NULL${suspect.length ? ` OR ${suspect.join(' OR ')}` : ''}))`)})`);
  const set = [...cols.map((c) => c.name), '_field', '_reason', '_fields', '_raw'].map((c) => `${ident(c)} = r.${ident(c)}`);
  await wh.run(`UPDATE ${ident(src)} SET ${set.join(', ')} FROM ${redo} r WHERE ${ident(src)}.rowid = r._idx`);
  await wh.run(`DELETE FROM ${ident(src)} WHERE rowid IN (SELECT rowid FROM ${ident(lines)} WHERE NOT json_valid(line))`);
  await wh.run(`DROP TABLE ${redo}`);
  return true;
}

/** A JSON key as it is written in a line (quoted), as a regular expression. */
function quotedKey(key: string): string {
  return JSON.stringify(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
