// The PostgreSQL connector: a table or query read through a server-side cursor, in batches of text rows.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Channel } from '../contracts/index.js';
import { durationMs, isoTime, laterCursor, windowStart } from '../incremental.js';
import { defineSource } from '../define-source.js';
import type { Source } from '../source.js';
import { connect, connectionFor, cursorKind, describeSelect, readBatches, selectSql, typeName, type RowBatch } from './read.js';
import type { CreateSource } from '../registry.js';
import type { PostgresSourceConfig } from './schema.js';

export { PostgresSourceConfig } from './schema.js';

/**
 * A source reading `table` or `query` from PostgreSQL. With `incremental`, rows are read in the order of the
 * incremental column from the cursor minus the lookback window, so every batch can commit its own cursor: a
 * run killed between batches resumes after the last committed one. Values arrive as text (no float or Date
 * rounding) and are handed to the loader (which bulk-appends them) `batchRows` at a time.
 * @example postgresSource('shop', ordersChannel, PostgresSourceConfig.parse({ connector: 'postgres', channel: 'orders', connection: { urlEnv: 'SHOP_DB_URL' }, table: 'order_lines' }))
 */
export function postgresSource(name: string, channel: Channel, config: PostgresSourceConfig, env: NodeJS.ProcessEnv = process.env): Source {
  return defineSource(name, channel, config, async function* extract(ctx) {
    const { config: clientConfig, shown } = connectionFor(config.connection, env, name);
    const what = config.table ?? `query-${createHash('sha256').update(config.query!).digest('hex').slice(0, 8)}`;
    const location = `${shown}#${what}`;
    let client: pg.Client;
    try {
      client = await connect(clientConfig);
    } catch (cause) {
      throw new Error(`source ${name}: cannot connect to ${shown}: ${(cause as Error).message}`, { cause }); // transient when the server is down or starting
    }
    try {
      const inc = config.incremental;
      const base = selectSql({ ...config, incremental: undefined }, undefined, undefined);
      const fields = await describeSelect(client, base).catch((cause: Error) => {
        throw new Error(`source ${name}: cannot read ${location}: ${cause.message}`, { cause });
      });
      const columns = fields.map((f) => ({ name: f.name, type: typeName(f.dataTypeID) }));
      const kind = inc ? incrementalKind(name, location, fields, inc) : undefined;
      const from = inc ? windowStart(ctx, inc.lookback, inc.start) : undefined;
      if (from !== undefined) ctx.log(`source ${name}: reading ${location} from ${inc!.column} >= ${from}`);
      const at = inc ? fields.findIndex((f) => f.name === inc.column) : -1;
      let cursor = ctx.cursor;
      let done = 0;
      let n = 0;
      const batches = readBatches(client, selectSql(config, from, kind), config.batchRows);
      for await (const batch of readAfter(batches, () => `source ${name}: reading ${location} after ${done} rows`)) {
        const firstRecordNo = done;
        done += batch.rows.length;
        if (at >= 0) {
          for (const row of batch.rows) {
            const v = row[at];
            if (v !== null && v !== undefined) cursor = laterCursor(cursor, kind === 'time' ? isoTime(v) : v);
          }
        }
        yield {
          location, data: { kind: 'rows', columns: batch.fields.map((f) => f.name), rows: batch.rows }, mapping: config.mapping, firstRecordNo,
          cursor: inc ? cursor : undefined, columns, describesSchema: n++ === 0, // the first batch records the schema and carries the warnings
        };
      }
    } finally {
      await client.end().catch(() => {});
    }
  });
}

function incrementalKind(name: string, location: string, fields: RowBatch['fields'], inc: NonNullable<PostgresSourceConfig['incremental']>): 'time' | 'integer' {
  const field = fields.find((f) => f.name === inc.column);
  if (!field) throw new Error(`source ${name}: incremental column "${inc.column}" is not a column of ${location} (found: ${fields.map((f) => f.name).join(', ')})`);
  const kind = cursorKind(field.dataTypeID);
  if (!kind) throw new Error(`source ${name}: incremental column "${inc.column}" is ${typeName(field.dataTypeID)}; use a timestamp, timestamptz, date or integer column`);
  if (kind === 'integer' && durationMs(inc.lookback) > 0) throw new Error(`source ${name}: incremental column "${inc.column}" is an integer: give lookback as a number of ids, not "${inc.lookback}"`);
  if (kind === 'time' && typeof inc.lookback === 'number' && inc.lookback > 0) throw new Error(`source ${name}: incremental column "${inc.column}" is a time: give lookback as a duration such as "2 days"`);
  return kind;
}

/**
 * The batches of `batches`, with a read failure's message prefixed by `where()` (how far the read got). A lost
 * connection stays transient (the cause carries the flag): the runner retries the step, which reads on from
 * the cursor the last committed batch saved.
 */
async function* readAfter(batches: AsyncGenerator<RowBatch>, where: () => string): AsyncGenerator<RowBatch> {
  try {
    for (;;) {
      let next: IteratorResult<RowBatch>;
      try {
        next = await batches.next();
      } catch (cause) {
        const kept = (cause as { transient?: unknown }).transient === true ? '; the batches loaded before stay committed and a retry reads on from their cursor' : '';
        throw new Error(`${where()}: ${(cause as Error).message}${kept}`, { cause });
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await batches.return(undefined); // ends the server cursor's transaction when the caller stops early
  }
}

/** The registry's entry point (`sources/registry.ts`). */
export const createSource: CreateSource<PostgresSourceConfig> = (name, channel, config, at) => postgresSource(name, channel, config, at.env);
