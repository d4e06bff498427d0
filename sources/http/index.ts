// The HTTP API connector: pages of JSON or CSV records, accumulated as NDJSON and staged in bulk by DuckDB.
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Channel } from '../contracts/index.js';
import { laterCursor, stagedMaxTime, windowStart } from '../incremental.js';
import type { ExtractContext, Reject, Source, StagedBatch } from '../source.js';
import { stageFile } from '../file/read.js';
import { absentWarnings, dropStage } from '../stage-mapped.js';
import { checkSchemaDrift } from '../schema-drift.js';
import { ident } from '../../warehouse/warehouse.js';
import { credentialsFrom, readPages, redact } from './read.js';
import type { HttpSourceConfig } from './schema.js';

export { HttpSourceConfig } from './schema.js';

/**
 * A source that pages through a JSON or CSV endpoint. Pages are appended to an NDJSON file and staged with
 * DuckDB's reader every `batchRows` records, so rows never go to the warehouse one by one. With
 * `incremental`, the request asks for records from the cursor minus the lookback window; because an API
 * need not return records in time order, only the last batch of a run carries the new cursor: a run killed
 * half-way keeps the rows it committed, leaves the cursor where it was and re-reads (merging) next time.
 * Credentials come from the env vars named in `auth` and appear in no log, error or recorded location.
 * @example httpSource('esp', emailChannel, HttpSourceConfig.parse({ connector: 'http', channel: 'email', url: 'https://esp.test/v1/events' }))
 */
export function httpSource(name: string, channel: Channel, config: HttpSourceConfig, env: NodeJS.ProcessEnv = process.env): Source {
  return Object.freeze({
    name,
    channel,
    quarantineLimit: config.quarantineLimit,
    async *extract(ctx: ExtractContext): AsyncIterable<StagedBatch> {
      const creds = credentialsFrom(config.auth, env, name);
      const location = redact(new URL(config.url), creds);
      const first = new URL(config.url);
      for (const [k, v] of Object.entries(config.query)) first.searchParams.set(k, v);
      const inc = config.incremental;
      const from = inc ? windowStart(ctx, inc.lookback, inc.start) : undefined;
      if (inc && from !== undefined) first.searchParams.set(inc.param, from);
      const cursorField = inc?.field ?? channel.timeField;
      const dir = await mkdtemp(path.join(os.tmpdir(), `rapport-http-${name}-`));
      let cursor = ctx.cursor;
      let pending: StagedBatch | undefined;
      let file = '';
      let lines = 0;
      let done = 0; // records in batches already staged
      let malformed = new Map<number, string>(); // line in the current file -> papaparse's reason
      const startFile = async (n: number) => {
        file = path.join(dir, `batch-${n}.ndjson`);
        await writeFile(file, '');
        lines = 0;
        malformed = new Map();
      };
      const stageBatch = async (n: number): Promise<StagedBatch> => {
        const stage = `stage_${name}_http_${n}`.replace(/\W/g, '_');
        const drift = { warehouse: ctx.warehouse, source: name, location, runId: ctx.runId, policy: config.onSchemaDrift };
        const found = await stageFile({
          warehouse: ctx.warehouse, file, format: 'ndjson', csv: { delimiter: ',', quote: '"', header: true }, mapping: config.mapping, channel, stage,
          firstRecordNo: done, // numbered across the run
          onColumns: n === 0 ? (columns) => checkSchemaDrift(drift, columns) : undefined, // the first batch speaks for the run
        });
        const rejects: Reject[] = found.rejects.map((r) => {
          const why = malformed.get(r.recordNo);
          return { recordNo: r.recordNo + done, raw: why ? r.raw.slice(1) : r.raw, reason: why ?? r.reason };
        });
        cursor = laterCursor(cursor, await stagedMaxTime(ctx.warehouse, stage, cursorField));
        done += lines;
        const warnings = [...(found.drift?.warnings ?? []), ...(n === 0 ? absentWarnings(name, location, found.absent) : [])];
        return { location, stage, rejects, checked: true, absent: found.absent, schema: found.drift?.schema, warnings };
      };
      try {
        let n = 0;
        await startFile(n);
        ctx.log(`source ${name}: reading ${redact(first, creds)}`);
        for await (const page of readPages(first, config, creds, ctx.log)) {
          // A CSV row papaparse could not split is written as a line that is not JSON, so it is rejected, not guessed.
          const out = page.records.map((r, i) => {
            const why = page.malformed.get(i);
            if (why) malformed.set(lines + i + 1, why);
            return (why ? '!' : '') + JSON.stringify(r);
          });
          if (out.length > 0) await appendFile(file, out.join('\n') + '\n');
          lines += out.length;
          if (lines >= config.batchRows) {
            const staged = await stageBatch(n);
            if (pending) yield pending;
            pending = staged;
            await startFile(++n);
          }
        }
        if (lines > 0 || !pending) {
          const staged = await stageBatch(n);
          if (pending) yield pending;
          pending = staged;
        }
        const last = pending;
        pending = undefined;
        yield { ...last, cursor };
      } finally {
        if (pending) await dropStage(ctx.warehouse, pending.stage);
        await rm(dir, { recursive: true, force: true });
      }
    },
  });
}
