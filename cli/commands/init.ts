// `rapport init --orders FILE ...`: reads each file's header and first rows, proposes how its columns map onto the
// channel contract, and writes a commented rapport.config.ts (with its own warehouse) in the current folder.
import { existsSync } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { channels, type ChannelName } from '../../sources/contracts/index.js';
import { UsageError, type Command } from '../command.js';
import { proposeMapping, type FieldProposal } from '../propose-mapping.js';
import { proposeValues, translatesValues, type ValueCount } from '../propose-values.js';
import { literal as sqlText, openWarehouse } from '../../warehouse/warehouse.js';

/** Rows read from the start of each file to detect date formats. */
const SAMPLE_BYTES = 64 * 1024;

/** The file's column names and its first rows as text (CSV by header; NDJSON/JSON lines by top-level keys). */
async function readHead(file: string): Promise<{ columns: string[]; rows: Record<string, string>[] }> {
  const handle = await open(file, 'r').catch((cause: Error) => { throw new UsageError(`cannot read ${file}: ${cause.message}`); });
  let text: string;
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    text = buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
  const complete = text.length === SAMPLE_BYTES ? text.slice(0, text.lastIndexOf('\n') + 1) : text; // no half line
  if (/\.(nd)?jsonl?$/i.test(file)) {
    const rows = complete.split('\n').filter((l) => l.trim()).slice(0, 50).map((l) => JSON.parse(l) as Record<string, unknown>);
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    return { columns, rows: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v ?? '')]))) };
  }
  const parsed = Papa.parse<Record<string, string>>(complete, { header: true, skipEmptyLines: true, preview: 50 });
  return { columns: parsed.meta.fields ?? [], rows: parsed.data };
}

/** `{ sql: '...' }` or 'Column' as TypeScript source; SQL quoting column names is written between backticks, so it reads as SQL. */
const literal = (m: NonNullable<FieldProposal['mapping']>) => {
  if (typeof m === 'string') return `'${m.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  return m.sql.includes('"') && !/[`\\]|\$\{/.test(m.sql) ? `{ sql: \`${m.sql}\` }` : `{ sql: ${JSON.stringify(m.sql)} }`;
};

export const initCommand: Command = {
  name: 'init',
  summary: 'Write a rapport.config.ts for your own files, proposing how their columns map onto the contracts',
  help: `Usage: rapport init [--orders FILE] [--email FILE] [--social FILE] [--force]

Reads the header and first rows of each file (CSV, or NDJSON/JSON lines), proposes how its columns map onto the
channel's contract (by name and common synonyms; constants for a missing currency, status or quantity; line
numbers within each order; a conversion for day-first or month-first dates; a CASE translating the file's own
event names, order statuses or interaction kinds where they are known synonyms, such as SendGrid's processed or
spamreport, naming the values it cannot translate, which will be quarantined) and writes rapport.config.ts in the
current folder, with its own warehouse (rapport.duckdb) there. Every guess is marked CHECK in the file and
listed on screen. Then: rapport check (reads the files through the contracts, loads nothing), rapport run daily.

Options:
  --orders FILE   Order lines (one row per order line, or per order).
  --email FILE    Email events from your email service provider.
  --social FILE   Social interactions.
  --force         Overwrite an existing rapport.config.ts.

Example: rapport init --orders shop-orders.csv`,
  options: { orders: { type: 'string' }, email: { type: 'string' }, social: { type: 'string' }, force: { type: 'boolean' } },
  async run({ values }, io) {
    const given = (['orders', 'email', 'social'] as const).filter((c) => typeof values[c] === 'string');
    if (given.length === 0) throw new UsageError('which files? e.g. rapport init --orders shop-orders.csv');
    const target = path.join(io.cwd, 'rapport.config.ts');
    if (existsSync(target) && !values.force) throw new UsageError(`${target} exists; pass --force to overwrite it`);
    const sources: string[] = [];
    const checks: string[] = [];
    for (const name of given) {
      const file = path.resolve(io.cwd, values[name] as string);
      const { columns, rows } = await readHead(file);
      if (columns.length === 0) throw new UsageError(`${file}: no columns found in its first line`);
      const proposals = await withValueMappings(name, file, columns, rows, proposeFor(name, columns, rows));
      const lines = proposals.filter((p) => p.mapping !== undefined || p.check !== undefined).map((p) =>
        p.mapping === undefined
          ? `        // ${p.field}: ?,  // CHECK: ${p.check}`
          : `        ${p.field}: ${literal(p.mapping)},${p.check ? ` // CHECK: ${p.check}` : ''}`);
      for (const p of proposals) if (p.check) checks.push(`${name}.${p.field}: ${p.check}`);
      sources.push(`    ${name}: {
      connector: 'file',
      channel: '${name}',
      path: ${literal(path.relative(io.cwd, file) || file)},
      // Contract field -> column of ${path.basename(file)} (${columns.join(', ')}); a field not listed is read from the column of its own name.
      mapping: {
${lines.join('\n')}
      },
    },`);
    }
    await writeFile(target, `// Rapport config written by \`rapport init\`: check the lines marked CHECK, then run \`rapport check\` and \`rapport run daily\`.
import { defineConfig } from 'rapport';

export default defineConfig({
  warehouse: 'rapport.duckdb', // this folder's own warehouse
  outputs: { exports: 'exports', reports: 'reports' },
  sources: {
${sources.join('\n')}
  },
  pipelines: {
    daily: { schedule: '0 6 * * *', timezone: 'UTC', exports: [{ segment: 'At Risk', format: 'csv' }] },
  },
});
`);
    io.out(`wrote ${target} for ${given.join(', ')}`);
    if (checks.length > 0) io.out(`check these guesses (marked CHECK in the file):\n${checks.map((c) => `  ${c}`).join('\n')}`);
    io.out('then: rapport check     (reads the files through the contracts, loads nothing)\n      rapport run daily');
    return 0;
  },
};

/**
 * Adds to `proposals` the translation of the file's own names for the channel's fixed values (an ESP's event names,
 * order statuses, social interaction types), from every distinct value in the whole file (so a rare name is not
 * missed); when DuckDB cannot read the file as the source will, from the rows read by `readHead`.
 */
async function withValueMappings(name: ChannelName, file: string, columns: readonly string[], rows: readonly Record<string, string>[],
  proposals: FieldProposal[]): Promise<FieldProposal[]> {
  const shape = channels[name].schema.shape as Record<string, { options?: unknown }>;
  const out: FieldProposal[] = [];
  for (const p of proposals) {
    const accepted = shape[p.field]?.options;
    const column = typeof p.mapping === 'string' ? p.mapping : p.mapping === undefined && columns.includes(p.field) ? p.field : undefined;
    if (!translatesValues(p.field) || !Array.isArray(accepted) || column === undefined) { out.push(p); continue; }
    const values = await distinctValues(file, column).catch(() => countValues(rows.map((r) => r[column] ?? '')));
    const proposal = proposeValues(p.field, column, accepted as string[], values);
    out.push({ field: p.field, mapping: proposal.sql !== undefined ? { sql: proposal.sql } : p.mapping,
      ...(proposal.check !== undefined ? { check: proposal.check } : {}) });
  }
  return out;
}

/** Every value of `column` in the file and how many rows hold it, read by DuckDB as the file source reads it. */
async function distinctValues(file: string, column: string): Promise<ValueCount[]> {
  const from = /\.(nd)?jsonl?(\.gz)?$/i.test(file)
    ? `read_json(${sqlText(file)}, format = 'newline_delimited', records = true)`
    : `read_csv(${sqlText(file)}, all_varchar = true, header = true, sample_size = -1)`;
  const wh = await openWarehouse(':memory:');
  try {
    return await wh.all<ValueCount>(`SELECT coalesce(v, '') AS value, count(*)::INTEGER AS rows
      FROM (SELECT "${column.replaceAll('"', '""')}"::VARCHAR AS v FROM ${from}) GROUP BY v ORDER BY rows DESC, value`);
  } finally {
    wh.close();
  }
}

function countValues(values: readonly string[]): ValueCount[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([value, rows]) => ({ value, rows }));
}

function proposeFor(name: ChannelName, columns: string[], rows: Record<string, string>[]): FieldProposal[] {
  const channel = channels[name];
  const shape = channel.schema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  const fields = Object.keys(shape);
  const required = new Set(fields.filter((f) => !shape[f]!.safeParse(undefined).success)); // optional and nullish fields accept nothing
  return proposeMapping(fields, columns, rows, { required, timeField: channel.timeField, ...(name === 'orders' ? { groupBy: 'order_id' } : {}) });
}
