// Renders the channel registry as the Markdown tables of sources/README.md, so a test can hold the docs to the contracts.
import type { ChannelRegistry } from './index.js';

// A `|` inside a table cell ends the cell, even in a code span, unless escaped.
const code = (s: string) => '`' + s.replaceAll('|', '\\|') + '`';

/**
 * Two Markdown tables: the channels (table, what a row is, key, time field, identifiers) and the columns each adds to
 * `customer_360` (type, meaning). sources/README.md holds this text between its `channels` markers.
 * @example channelDocs(channels).startsWith('| Channel |')
 */
export function channelDocs(registry: ChannelRegistry): string {
  const rows = Object.values(registry).map((c) => `| ${code(c.name)} | ${code(c.table)} | ${c.description} | ${c.key.map(code).join(', ')} | `
    + `${code(c.timeField)} | ${c.identifiers.map((i) => `${code(i.value)} (${i.kind})`).join(', ')} | `
    + `${c.sentiment ? `${code(c.sentiment.text)}${c.sentiment.when ? ` where ${code(c.sentiment.when)}` : ''}` : '-'} |`);
  const columns = Object.values(registry).flatMap((c) => c.customer360.columns.map((col) =>
    `| ${code(col.name)} | ${col.type} | ${code(c.name)} | ${col.meaning} |`));
  return [
    '| Channel | Table | Rows | Key | Time field | Identifiers (kind) | `sentiment` scores |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '| `customer_360` column | Type | From channel | Meaning |',
    '|---|---|---|---|',
    ...columns,
  ].join('\n');
}
