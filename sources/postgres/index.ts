// The PostgreSQL connector: a table or query read through a server-side cursor, batches staged with DuckDB's appender.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { Channel } from '../contracts/index.js';
import { durationMs, isoTime, laterCursor, windowStart } from '../incremental.js';
import type { ExtractContext, Source, StagedBatch } from '../source.js';
import { checkSchemaDrift, type DriftOutcome } from '../schema-drift.js';
import { absentWarnings, mapToStage } from '../stage-mapped.js';
import type { Warehouse } from '../../warehouse/warehouse.js';
import { ident } from '../../warehouse/warehouse.js';
import { connect, connectionFor, cursorKind, describeSelect, readBatches, selectSql, typeName, type RowBatch } from './read.js';
import type { PostgresSourceConfig } from './schema.js';

export { PostgresSourceConfig } from './schema.js';

/**
 * A source reading `table` or `query` from PostgreSQL. With `incremental`, rows are read in the order of the
 * incremental column from the cursor minus the lookback window, so every batch can commit its own cursor: a
 * run killed between batches resumes after the last committed one. Values arrive as text (no float or Date
 * rounding) and are staged with DuckDB's appender, `batchRows` at a time.
 * @example postgresSource('shop', ordersChannel, PostgresSourceConfig.parse({ connector: 'postgres', channel: 'orders', connection: { urlEnv: 'SHOP_DB_URL' }, table: 'order_lines' }))
 */
export function postgresSource(name: string, channel: Channel, config: PostgresSourceConfig, env: NodeJS.ProcessEnv = process.env): Source {
  return Object.freeze({
    name,
    channel,
    quarantineLimit: config.quarantineLimit,
    async *extract(ctx: ExtractContext): AsyncIterable<StagedBatch> {
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
        const drift = { warehouse: ctx.warehouse, source: name, location, runId: ctx.runId, policy: config.onSchemaDrift };
        let outcome: DriftOutcome | undefined = await checkSchemaDrift(drift, fields.map((f) => ({ name: f.name, type: typeName(f.dataTypeID) })));
        const kind = inc ? incrementalKind(name, location, fields, inc) : undefined;
        const from = inc ? windowStart(ctx, inc.lookback, inc.start) : undefined;
        if (from !== undefined) ctx.log(`source ${name}: reading ${location} from ${inc!.column} >= ${from}`);
        const at = inc ? fields.findIndex((f) => f.name === inc.column) : -1;
        let cursor = ctx.cursor;
        let done = 0;
        let n = 0;
        const batches = readBatches(client, selectSql(config, from, kind), config.batchRows);
        for await (const batch of readAfter(batches, () => `source ${name}: reading ${location} after ${done} rows`)) {
          const stage = `stage_${name}_pg_${n++}`.replace(/\W/g, '_');
          await appendBatch(ctx.warehouse, `${stage}_src`, batch);
          const absent = await mapToStage(ctx.warehouse, { src: `${stage}_src`, stage, channel, mapping: config.mapping, location, firstRecordNo: done });
          done += batch.rows.length;
          if (at >= 0) {
            for (const row of batch.rows) {
              const v = row[at];
              if (v !== null && v !== undefined) cursor = laterCursor(cursor, kind === 'time' ? isoTime(v) : v);
            }
          }
          // The first batch records the schema and carries the warnings; every batch keeps stored values of absent fields.
          const warnings = outcome ? [...outcome.warnings, ...absentWarnings(name, location, absent)] : [];
          yield { location, stage, rejects: [], cursor: inc ? cursor : undefined, absent, schema: outcome?.schema, warnings };
          outcome = undefined;
        }
      } finally {
        await client.end().catch(() => {});
      }
    },
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

/** Bulk-appends a batch into a new temp table of VARCHAR columns named after the result's columns. */
async function appendBatch(wh: Warehouse, table: string, batch: RowBatch): Promise<void> {
  const names = batch.fields.map((f) => f.name);
  const dup = names.find((c, i) => names.indexOf(c) !== i);
  if (dup !== undefined) throw new Error(`the query returns column "${dup}" twice; give the columns distinct names`);
  await wh.run(`CREATE OR REPLACE TEMP TABLE ${ident(table)} (${names.map((c) => `${ident(c)} VARCHAR`).join(', ')})`);
  const appender = await wh.connection.createAppender(table, 'main', 'temp');
  try {
    for (const row of batch.rows) {
      for (const v of row) if (v === null) appender.appendNull(); else appender.appendVarchar(v);
      appender.endRow();
    }
  } finally {
    appender.closeSync();
  }
}
