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
  const res = await client.query({ text: `SELECT * FROM (${sql}) AS q LIMIT 0`, rowMode: 'array' });
  return res.fields;
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
    throw error;
  }
}

/** Connects with every value returned as text (exact: no float or Date conversion) and the session in UTC. */
export async function connect(config: pg.ClientConfig): Promise<pg.Client> {
  const client = new pg.Client({ ...config, types: { getTypeParser: () => (value: string) => value } as pg.CustomTypesConfig });
  await client.connect();
  await client.query(`SET TIME ZONE 'UTC'; SET DateStyle = 'ISO'`);
  return client;
}
