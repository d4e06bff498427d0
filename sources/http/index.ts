// The HTTP API connector: pages of JSON or CSV records, accumulated as NDJSON files the loader reads in bulk.
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Channel } from '../contracts/index.js';
import { windowStart } from '../incremental.js';
import { defineSource } from '../define-source.js';
import type { Batch, Reject, Source } from '../source.js';
import { credentialsFrom, readPages, redact } from './read.js';
import type { CreateSource } from '../registry.js';
import type { HttpSourceConfig } from './schema.js';

export { HttpSourceConfig } from './schema.js';

/**
 * A source that pages through a JSON or CSV endpoint. Pages are appended to an NDJSON file handed to the loader
 * every `batchRows` records, so rows never go to the warehouse one by one. With
 * `incremental`, the request asks for records from the cursor minus the lookback window; because an API
 * need not return records in time order, only the last batch of a run commits the new cursor: a run killed
 * half-way keeps the rows it committed, leaves the cursor where it was and re-reads (merging) next time.
 * Credentials come from the env vars named in `auth` and appear in no log, error or recorded location.
 * @example httpSource('esp', emailChannel, HttpSourceConfig.parse({ connector: 'http', channel: 'email', url: 'https://esp.test/v1/events' }))
 */
export function httpSource(name: string, channel: Channel, config: HttpSourceConfig, env: NodeJS.ProcessEnv = process.env): Source {
  return defineSource(name, channel, config, async function* extract(ctx) {
    const creds = credentialsFrom(config.auth, env, name);
    const location = redact(new URL(config.url), creds);
    const first = new URL(config.url);
    for (const [k, v] of Object.entries(config.query)) first.searchParams.set(k, v);
    const inc = config.incremental;
    const from = inc ? windowStart(ctx, inc.lookback, inc.start) : undefined;
    if (inc && from !== undefined) first.searchParams.set(inc.param, from);
    const cursorFrom = inc?.field ?? channel.timeField;
    const dir = await mkdtemp(path.join(os.tmpdir(), `rapport-http-${name}-`));
    let pending: Batch | undefined;
    let file = '';
    let lines = 0;
    let done = 0; // records in batches already handed over
    let rejects: Reject[] = [];
    const startFile = async (n: number) => {
      file = path.join(dir, `batch-${n}.ndjson`);
      await writeFile(file, '');
      lines = 0;
      rejects = [];
    };
    const batchOf = (n: number): Batch => {
      // A poll that found nothing new hands over no records (not an empty file, which the loader rejects as a
      // broken download) and says nothing about the layout, so schema drift is not judged on zero columns.
      const data: Batch['data'] = lines > 0 ? { kind: 'file', path: file, format: 'ndjson' } : { kind: 'records', records: [] };
      const batch: Batch = {
        location, data, mapping: config.mapping, rejects, firstRecordNo: done, // numbered across the run
        cursorFrom, holdCursor: true, describesSchema: n === 0 && lines > 0, // the first batch speaks for the run's layout
      };
      done += lines;
      return batch;
    };
    try {
      let n = 0;
      await startFile(n);
      ctx.log(`source ${name}: reading ${redact(first, creds)}`);
      for await (const page of readPages(first, config, creds, ctx.log)) {
        // A CSV row papaparse could not split is quarantined with its reason, not guessed at; its line stays
        // blank so the records after it keep their numbers.
        const out = page.records.map((r, i) => {
          const why = page.malformed.get(i);
          if (!why) return JSON.stringify(r);
          rejects.push({ recordNo: done + lines + i + 1, raw: JSON.stringify(r), reason: why });
          return ' ';
        });
        if (out.length > 0) await appendFile(file, out.join('\n') + '\n');
        lines += out.length;
        if (lines >= config.batchRows) {
          const full = batchOf(n);
          if (pending) yield pending;
          pending = full;
          await startFile(++n);
        }
      }
      if (lines > 0 || !pending) {
        const last = batchOf(n);
        if (pending) yield pending;
        pending = last;
      }
      const last = pending;
      pending = undefined;
      yield { ...last, holdCursor: false }; // the cursor reached over all pages commits with the last batch
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

/** The registry's entry point (`sources/registry.ts`). */
export const createSource: CreateSource<HttpSourceConfig> = (name, channel, config, at) => httpSource(name, channel, config, at.env);
