// The hand-written DuckDB baseline ("floor"): bare read_csv/read_json ingest, a customer_360-like aggregation and RFM.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** Milliseconds of each floor measurement in one run. */
export interface FloorTimes {
  readonly ingest: { readonly email: number; readonly social: number; readonly orders: number };
  readonly customer360: number;
  readonly rfm: number;
  /** read_csv of orders.csv plus RFM in one query, on a fresh database: the pandas comparison's DuckDB side. */
  readonly rfmFromFile: number;
  /** Rows each bare reader kept (malformed rows skipped with ignore_errors). */
  readonly rows: { readonly email: number; readonly social: number; readonly orders: number };
}

// Typed columns, as Rapport's contracts type them, so a malformed value is a skipped row and not a VARCHAR column.
const orderTypes = "{'order_id': 'VARCHAR', 'quantity': 'INTEGER', 'unit_price': 'DECIMAL(18,2)', 'amount': 'DECIMAL(18,2)', 'ordered_at': 'TIMESTAMPTZ'}";
const emailTypes = "{'event_id': 'VARCHAR', 'occurred_at': 'TIMESTAMPTZ'}";
const socialColumns = "{interaction_id: 'VARCHAR', platform: 'VARCHAR', handle: 'VARCHAR', kind: 'VARCHAR', profile_email: 'VARCHAR', " +
  "profile_phone: 'VARCHAR', text: 'VARCHAR', occurred_at: 'TIMESTAMPTZ'}";

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

// Customers keyed by normalised email: the floor does no identity resolution, so it is a lower bound on that work too.
const customer360Sql = `
CREATE OR REPLACE TABLE f_customer_360 AS
WITH o AS (
  SELECT k, count(*) FILTER (WHERE v > 0) AS orders, coalesce(sum(v), 0) AS revenue,
         min(t) FILTER (WHERE v > 0) AS first_order_at, max(t) FILTER (WHERE v > 0) AS last_order_at
  FROM (SELECT lower(trim(email)) AS k, order_id, min(ordered_at) AS t,
               coalesce(sum(amount) FILTER (WHERE status <> 'cancelled' OR amount < 0), 0) AS v
        FROM f_orders GROUP BY ALL)
  GROUP BY k
), e AS (
  SELECT lower(trim(email)) AS k, count(*) FILTER (WHERE event_type = 'send') AS sends,
         count(*) FILTER (WHERE event_type = 'open') AS opens, count(*) FILTER (WHERE event_type = 'click') AS clicks,
         max(occurred_at) FILTER (WHERE event_type IN ('open', 'click')) AS last_email_at,
         bool_or(event_type = 'unsubscribe') AS unsubscribed
  FROM f_email GROUP BY k
), s AS (
  SELECT lower(trim(profile_email)) AS k, count(*) AS social, max(occurred_at) AS last_social_at
  FROM f_social WHERE profile_email IS NOT NULL GROUP BY k
)
SELECT * FROM o FULL JOIN e USING (k) FULL JOIN s USING (k)`;

// Same scoring as transforms/rfm-segments.sql: 1 + floor(5 * percent_rank), ties share a score.
const rfmScoreSql = (orders: string) => `
WITH ov AS (
  SELECT lower(trim(email)) AS k, order_id, min(ordered_at) AS t,
         coalesce(sum(amount) FILTER (WHERE status <> 'cancelled' OR amount < 0), 0) AS v
  FROM ${orders} GROUP BY ALL
), base AS (
  SELECT k, date_diff('day', max(t) FILTER (WHERE v > 0)::DATE, (SELECT max(t)::DATE + 1 FROM ov)) AS recency_days,
         count(*) FILTER (WHERE v > 0) AS frequency, sum(v) AS monetary
  FROM ov GROUP BY k HAVING count(*) FILTER (WHERE v > 0) > 0
)
SELECT *,
  1 + least(4, (5 * (rank() OVER (ORDER BY recency_days DESC) - 1)) // greatest(count(*) OVER () - 1, 1)) AS r_score,
  1 + least(4, (5 * (rank() OVER (ORDER BY frequency) - 1)) // greatest(count(*) OVER () - 1, 1)) AS f_score,
  1 + least(4, (5 * (rank() OVER (ORDER BY monetary) - 1)) // greatest(count(*) OVER () - 1, 1)) AS m_score
FROM base`;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

async function count(con: DuckDBConnection, table: string): Promise<number> {
  const reader = await con.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${table}`);
  return reader.getRowObjects()[0]!.n as number;
}

async function withDatabase<T>(file: string, fn: (con: DuckDBConnection) => Promise<T>): Promise<T> {
  await rm(file, { force: true });
  await rm(`${file}.wal`, { force: true });
  const instance = await DuckDBInstance.create(file);
  const con = await instance.connect();
  try {
    return await fn(con);
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

/**
 * Runs every floor measurement once against the sample in `sampleDir`, in file-backed DuckDB databases under
 * `workDir` (like Rapport's warehouse), and returns the times. Leaves the database files behind for inspection.
 * @throws Error from DuckDB when a sample file is missing or unreadable.
 */
export async function measureFloor(sampleDir: string, workDir: string): Promise<FloorTimes> {
  const file = (name: string) => lit(path.resolve(sampleDir, name));
  const main = await withDatabase(path.join(workDir, 'floor.duckdb'), async (con) => {
    // The bare readers with the same leniency Rapport needs for the messy files: skip what does not parse.
    const email = await timed(() => con.run(`CREATE TABLE f_email AS SELECT * FROM read_csv(${file('email_events.csv')}, ignore_errors = true, types = ${emailTypes})`));
    const social = await timed(() => con.run(`CREATE TABLE f_social AS SELECT * FROM read_json(${file('social_interactions.ndjson')}, format = 'newline_delimited', ignore_errors = true, columns = ${socialColumns})`));
    const orders = await timed(() => con.run(`CREATE TABLE f_orders AS SELECT * FROM read_csv(${file('orders.csv')}, ignore_errors = true, types = ${orderTypes})`));
    const rows = { email: await count(con, 'f_email'), social: await count(con, 'f_social'), orders: await count(con, 'f_orders') };
    const customer360 = await timed(() => con.run(customer360Sql));
    const rfm = await timed(() => con.run(`CREATE OR REPLACE TABLE f_rfm AS ${rfmScoreSql('f_orders')}`));
    return { ingest: { email, social, orders }, rows, customer360, rfm };
  });
  const rfmFromFile = await withDatabase(path.join(workDir, 'floor-rfm.duckdb'), (con) =>
    timed(() => con.run(`CREATE TABLE f_rfm AS ${rfmScoreSql(`read_csv(${file('orders.csv')}, ignore_errors = true, types = ${orderTypes})`)}`)));
  return { ...main, rfmFromFile };
}
