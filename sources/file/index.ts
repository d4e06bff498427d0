// The file connector: a glob of CSV, NDJSON, JSON or Parquet files, each staged whole through DuckDB's readers.
import path from 'node:path';
import type { Channel } from '../contracts/index.js';
import type { ExtractContext, Source, StagedBatch } from '../source.js';
import type { Warehouse } from '../../warehouse/warehouse.js';
import { literal } from '../../warehouse/warehouse.js';
import { dropStagedBefore, laterCursor, stagedMaxTime } from '../incremental.js';
import { checkSchemaDrift } from '../schema-drift.js';
import { absentWarnings } from '../stage-mapped.js';
import { fingerprintFile, formatOf, stageFile } from './read.js';
import type { FileSourceConfig } from './schema.js';

export { FileSourceConfig } from './schema.js';

/**
 * A source that reads every file matching `config.path` (resolved against `baseDir`), skipping files whose
 * exact content was loaded before. A file's fingerprint is its incremental unit: a new or changed file is
 * read whole and merged on the natural key, so late rows appended to an export are picked up without a
 * lookback. The cursor records the latest event time loaded (for freshness); `--since` re-reads every file
 * but stages only rows from that time on.
 * @example fileSource('orders', ordersChannel, { connector: 'file', channel: 'orders', path: 'data/orders.csv', ... }, process.cwd())
 */
export function fileSource(name: string, channel: Channel, config: FileSourceConfig, baseDir: string): Source {
  const pattern = path.resolve(baseDir, config.path);
  return Object.freeze({
    name,
    channel,
    quarantineLimit: config.quarantineLimit,
    async *extract(ctx: ExtractContext): AsyncIterable<StagedBatch> {
      const files = await matchFiles(ctx.warehouse, pattern);
      if (files.length === 0) throw new Error(`source ${name}: no file matches ${pattern}`);
      let cursor = ctx.cursor;
      for (const [i, file] of files.entries()) {
        const fingerprint = await fingerprintFile(file);
        if (await ctx.alreadyLoaded(file, fingerprint)) {
          ctx.log(`source ${name}: ${file} unchanged since it was loaded, skipped`);
          continue;
        }
        const stage = `stage_${name}_${i}`.replace(/\W/g, '_');
        const format = config.format ?? formatOf(file);
        const drift = { warehouse: ctx.warehouse, source: name, location: file, runId: ctx.runId, policy: config.onSchemaDrift };
        const staged = await stageFile({
          warehouse: ctx.warehouse, file, format, csv: config.csv, mapping: config.mapping, channel, stage, encoding: config.encoding,
          onColumns: (columns) => checkSchemaDrift(drift, columns),
        });
        const since = ctx.mode.since;
        const skipped = since === undefined ? 0 : await dropStagedBefore(ctx.warehouse, stage, channel.timeField, since);
        if (skipped > 0) ctx.log(`source ${name}: ${file}: ${skipped} rows before ${since} left out (--since)`);
        cursor = laterCursor(cursor, await stagedMaxTime(ctx.warehouse, stage, channel.timeField));
        // A file read only in part must not count as loaded, or the next normal run would skip its older rows.
        yield {
          location: file, stage, checked: true, rejects: staged.rejects, fingerprint: skipped > 0 ? undefined : fingerprint, cursor,
          absent: staged.absent, schema: staged.drift?.schema, warnings: [...(staged.drift?.warnings ?? []), ...absentWarnings(name, file, staged.absent)],
        };
      }
    },
  });
}

async function matchFiles(wh: Warehouse, pattern: string): Promise<string[]> {
  const rows = await wh.all<{ file: string }>(`SELECT file FROM glob(${literal(pattern)}) ORDER BY file`);
  return rows.map((r) => r.file);
}
