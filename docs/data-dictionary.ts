// Renders the data dictionary (docs/tables.md) from the model declarations in transforms/contracts/.
import { models, type ModelContract } from '../transforms/contracts/index.js';

const cell = (text: string) => text.replaceAll('|', '\\|');

function modelSection(m: ModelContract): string {
  const rows = Object.entries(m.columns).map(([name, c]) =>
    `| \`${name}\` | \`${c.type}\` | ${c.nullable ? 'yes' : ''} | ${cell(c.meaning)} |`);
  return [
    `## \`${m.table}\`${m.kind === 'view' ? ' (view)' : ''}`,
    '',
    `One row per ${cell(m.oneRowPer)}. Built by \`${m.file}\`.`,
    '',
    '| column | type | NULL | meaning |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/**
 * The whole of docs/tables.md: every declared model with its columns, DuckDB types, nullability and meanings.
 * @example await writeFile('docs/tables.md', dataDictionary());
 */
export function dataDictionary(): string {
  return [
    '# Data dictionary',
    '',
    '<!-- Generated from transforms/contracts/ by `npm run docs:tables`; do not edit by hand (tests/docs/tables.test.ts fails when stale). -->',
    '',
    "The output tables of `transforms/`, in the order the daily pipeline builds them. Each model declares its columns once, in",
    '`transforms/contracts/`: this page, the typed Kysely `DB` interface, the KPI report\'s "not computed yet" checks and',
    'the check that the SQL builds what is declared (`tests/transforms/contracts/model-declarations.test.ts`) all come',
    'from there. Types are DuckDB\'s; "NULL: yes" marks columns that may be NULL. Internal tables (runs, quarantine,',
    'source state, identity working tables) are listed in [Tables and metrics](metrics.md#tables), with the metrics\' definitions.',
    '',
    models.map((m) => `- [\`${m.table}\`](#${m.table}${m.kind === 'view' ? '-view' : ''})`).join('\n'),
    '',
    models.map(modelSection).join('\n\n'),
    '',
  ].join('\n');
}
