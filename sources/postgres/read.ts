// Reads a PostgreSQL table or query in batches through a server-side cursor, every value as text.
import pg from 'pg';
import type { PostgresConnection, PostgresSourceConfig } from './schema.js';

/** The client settings for a connection (secrets read from env) and a printable address without them. */
export function connectionFor(conn: PostgresConnection, env: NodeJS.ProcessEnv, source: string): { config: pg.ClientConfig; shown: string } {
  if ('urlEnv' in conn) {
    const url = env[conn.urlEnv];
    if (!url) throw new Error(`source ${source}: environment variable ${conn.urlEnv} (connection.urlEnv) is not set`);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`source ${source}: environment variable ${conn.urlEnv} is not a postgresql:// URL`);
    }
    parsed.password = '';
    parsed.search = '';
    return { config: { connectionString: url }, shown: parsed.toString() };
  }
  const password = conn.passwordEnv === undefined ? undefined : env[conn.passwordEnv];
  if (conn.passwordEnv !== undefined && password === undefined) {
    throw new Error(`source ${source}: environment variable ${conn.passwordEnv} (connection.passwordEnv) is not set`);
  }
  return {
    config: { host: conn.host, port: conn.port, database: conn.database, user: conn.user, password },
    shown: `postgresql://${encodeURIComponent(conn.user)}@${conn.host}:${conn.port}/${encodeURIComponent(conn.database)}`,
  };
}

/** Names of the PostgreSQL types we report in schema-drift messages (others show as `oid N`). */
const typeNames: Readonly<Record<number, string>> = {
  16: 'boolean', 20: 'bigint', 21: 'smallint', 23: 'integer', 25: 'text', 114: 'json', 700: 'real', 701: 'double precision',
  1042: 'char', 1043: 'varchar', 1082: 'date', 1114: 'timestamp', 1184: 'timestamptz', 1700: 'numeric', 2950: 'uuid', 3802: 'jsonb',
};
export const typeName = (oid: number) => typeNames[oid] ?? `oid ${oid}`;

/** How a cursor column's values compare; undefined for types that cannot carry a cursor. */
export function cursorKind(oid: number): 'time' | 'integer' | undefined {
  if (oid === 1082 || oid === 1114 || oid === 1184) return 'time';
  if (oid === 20 || oid === 21 || oid === 23) return 'integer';
  return undefined;
}

/** `"schema"."table"` from `schema.table`. */
export function quoteTable(name: string): string {
  return name.split('.').map((p) => `"${p.replaceAll('"', '""')}"`).join('.');
}

/** The SELECT to run: the table or the query as a subquery, filtered from `from` and ordered by the cursor column. */
export function selectSql(config: PostgresSourceConfig, from: string | undefined, kind: 'time' | 'integer' | undefined): string {
  const base = config.table !== undefined ? `SELECT * FROM ${quoteTable(config.table)}` : config.query!;
  const inc = config.incremental;
  if (!inc) return base;
  const col = `q."${inc.column.replaceAll('"', '""')}"`;
  // `from` is built by Rapport (a canonical ISO time or an integer), checked here before it is inlined:
  // DECLARE ... CURSOR takes no bind parameters.
  if (from !== undefined && !/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z|-?\d+)$/.test(from)) throw new Error(`bad cursor value ${from}`);
  const where = from === undefined ? '' : ` WHERE ${col} >= ${kind === 'integer' ? `${from}::bigint` : `'${from}'::timestamptz`}`;
  return `SELECT * FROM (${base}) AS q${where} ORDER BY ${col}`;
}

export interface RowBatch {
  readonly fields: readonly { readonly name: string; readonly dataTypeID: number }[];
  readonly rows: readonly (string | null)[][];
}

/** Column names and type ids of a SELECT, without reading rows. */
export async function describeSelect(client: pg.Client, sql: string): Promise<RowBatch['fields']> {
  try {
    const res = await client.query({ text: `SELECT * FROM (${sql}) AS q LIMIT 0`, rowMode: 'array' });
    return res.fields;
  } catch (error) {
    throw readError(client, error);
  }
}

/**
 * Yields the rows of `sql` `batchRows` at a time from a server-side cursor inside one REPEATABLE READ, READ
 * ONLY transaction, so memory stays bounded and every batch sees the same snapshot.
 */
export async function* readBatches(client: pg.Client, sql: string, batchRows: number): AsyncGenerator<RowBatch> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    await client.query(`DECLARE rapport_extract NO SCROLL CURSOR FOR ${sql}`);
    for (;;) {
      const res = await client.query<(string | null)[]>({ text: `FETCH ${batchRows} FROM rapport_extract`, rowMode: 'array' });
      if (res.rows.length > 0) yield { fields: res.fields, rows: res.rows };
      if (res.rows.length < batchRows) break;
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw readError(client, error);
  }
}

/** The failure a client reported outside a query (its `'error'` event), by client. */
const lostConnections = new WeakMap<pg.Client, Error>();

/**
 * Connects with every value returned as text (exact: no float or Date conversion) and the session in UTC.
 * The client's `'error'` event is always listened to: pg emits it when the server ends the session while no query
 * runs (`pg_terminate_backend`, a restart), and an unlistened `'error'` event ends the whole process, a
 * scheduler included. The error is kept and reported, as transient, by the next query (`readError`).
 * Shows up as `rapport` in `pg_stat_activity`, so an operator can see (and end) its sessions.
 */
export async function connect(config: pg.ClientConfig): Promise<pg.Client> {
  // keepAlive: a server that vanished without closing the socket (a pulled cable, a dead VM) is noticed.
  const client = new pg.Client({ application_name: 'rapport', keepAlive: true, ...config, types: { getTypeParser: () => (value: string) => value } as pg.CustomTypesConfig });
  client.on('error', (error) => {
    if (!lostConnections.has(client)) lostConnections.set(client, error);
  });
  try {
    await client.connect();
    await client.query(`SET TIME ZONE 'UTC'; SET DateStyle = 'ISO'`);
  } catch (error) {
    await client.end().catch(() => {});
    throw isConnectionLoss(error) ? transient((error as Error).message, error) : error; // down, starting up, or full
  }
  return client;
}

// SQLSTATE classes and codes that mean "the session or server went away, or is not accepting sessions yet":
// 08 connection exception, 57P01 admin shutdown (pg_terminate_backend), 57P02 crash shutdown, 57P03 cannot
// connect now (starting up), 53300 too many connections. The same query can succeed on a new session.
const LOST_SQLSTATE = /^(08...|57P0[123]|53300)$/;
const LOST_MESSAGE = /Connection terminated|not queryable|Client was closed/i;

/** True when `error` says the connection to the server was lost (not that the query was wrong). */
export function isConnectionLoss(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  if (typeof e?.code === 'string' && LOST_SQLSTATE.test(e.code)) return true;
  if (typeof e?.code === 'string' && /^(ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)$/.test(e.code)) return true;
  return typeof e?.message === 'string' && LOST_MESSAGE.test(e.message);
}

/**
 * The error to throw for a failed query on `client`: when the connection was lost (now or earlier, between
 * queries), a transient error (`transient: true`, which the runner retries) carrying the first reported cause;
 * any other error as it is.
 */
export function readError(client: pg.Client, error: unknown): unknown {
  const lost = lostConnections.get(client);
  if (!lost && !isConnectionLoss(error)) return error;
  const cause = lost ?? (error as Error);
  const code = (cause as { code?: unknown }).code;
  return transient(`lost the connection to the server (${cause.message}${typeof code === 'string' ? `, ${code}` : ''})`, cause);
}

/** An error the runner retries (`transient: true`, see runner/transient-error.ts, which sources may not import). */
function transient(message: string, cause: unknown): Error {
  return Object.assign(new Error(message, { cause }), { transient: true });
}
