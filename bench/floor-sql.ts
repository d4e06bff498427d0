// The hand-written DuckDB baseline ("floor"): bare read_csv/read_json ingest and every SQL step of the daily pipeline.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { defaultSegmentMap, segmentCaseSql } from '../transforms/rfm-segment-map.js';

/** Milliseconds of each floor measurement in one run. */
/** The bare reader of one sample file, as the floor times it (for `profile-load.ts`, which compares CPU time). */
export function bareReadSql(source: 'email' | 'social' | 'orders', file: string): string {
  const f = lit(file);
  if (source === 'social') return `SELECT * FROM read_json(${f}, format = 'newline_delimited', ignore_errors = true, columns = ${socialColumns})`;
  return `SELECT * FROM read_csv(${f}, ignore_errors = true, types = ${source === 'email' ? emailTypes : orderTypes})`;
}

export interface FloorTimes {
  readonly ingest: { readonly email: number; readonly social: number; readonly orders: number };
  readonly customer360: number;
  /** RFM scores and the named segment (the default segment map, as Rapport's default config). */
  readonly rfm: number;
  /** Appending the RFM snapshot to a history table and counting moves against the previous snapshot. */
  readonly segmentTransitions: number;
  readonly cohortRetention: number;
  readonly churnMetrics: number;
  /** Historic CLV per customer and per acquisition cohort. */
  readonly customerValue: number;
  /** COPY of one RFM segment to CSV, consent-suppressed, keyed by the Rapport export file name it stands for. */
  readonly exports: { readonly 'at-risk.csv': number; readonly 'champions.csv': number };
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

// The floor's RFM table for the later steps: scores, FM (mean of F and M, halves up), segment and the as-of date.
const rfmSegmentsSql = `
CREATE OR REPLACE TABLE f_rfm AS
SELECT *, (f_score + m_score + 1) // 2 AS fm_score, ${segmentCaseSql(defaultSegmentMap)} AS segment,
       (SELECT max(ordered_at)::DATE + 1 FROM f_orders) AS as_of
FROM (${rfmScoreSql('f_orders')})`;

// Per-order net value by email, as the customer_360-like query computes it inline; a view, so every query that
// reads it pays for the grouping again (the floor materialises nothing Rapport's customer_360 step would).
const orderValuesSql = `
CREATE OR REPLACE VIEW f_order_values AS
SELECT lower(trim(email)) AS k, order_id, min(ordered_at) AS t,
       coalesce(sum(amount) FILTER (WHERE status <> 'cancelled' OR amount < 0), 0) AS v
FROM f_orders WHERE email IS NOT NULL GROUP BY ALL`;

// Keep dated RFM snapshots and count who moved since the previous one (none on a fresh database: an empty matrix).
const segmentTransitionsSql = `
CREATE TABLE IF NOT EXISTS f_rfm_history AS SELECT as_of, k, segment FROM f_rfm WITH NO DATA;
DELETE FROM f_rfm_history WHERE as_of IN (SELECT DISTINCT as_of FROM f_rfm);
INSERT INTO f_rfm_history SELECT as_of, k, segment FROM f_rfm;
CREATE OR REPLACE TABLE f_segment_transitions AS
WITH d AS (SELECT max(as_of) AS cur, max(as_of) FILTER (WHERE as_of < (SELECT max(as_of) FROM f_rfm_history)) AS prev
           FROM f_rfm_history),
     a AS (SELECT k, segment FROM f_rfm_history WHERE as_of = (SELECT prev FROM d)),
     b AS (SELECT k, segment FROM f_rfm_history WHERE as_of = (SELECT cur FROM d))
SELECT a.segment AS from_segment, b.segment AS to_segment, count(*) AS customers
FROM a FULL JOIN b USING (k)
WHERE (SELECT prev FROM d) IS NOT NULL                 -- no earlier snapshot, nothing to compare
GROUP BY ALL`;

// Cohort = month of the first counted order (from f_customer_360); retention and revenue per month since.
const cohortRetentionSql = `
CREATE OR REPLACE TABLE f_cohort_retention AS
WITH c AS (SELECT k, date_trunc('month', first_order_at)::DATE AS cohort FROM f_customer_360 WHERE first_order_at IS NOT NULL),
     sizes AS (SELECT cohort, count(*) AS cohort_customers FROM c GROUP BY cohort),
     m AS (
       SELECT c.cohort, date_diff('month', c.cohort, date_trunc('month', o.t)::DATE) AS months_since,
              count(DISTINCT o.k) FILTER (WHERE o.v > 0) AS active_customers, sum(o.v) AS revenue
       FROM f_order_values o JOIN c USING (k)
       WHERE o.t >= c.cohort                            -- returns of purchases older than the data belong to no month
       GROUP BY ALL)
SELECT cohort AS cohort_month, months_since, cohort_customers, active_customers,
       round(active_customers / cohort_customers, 4) AS retention_rate, revenue
FROM m JOIN sizes USING (cohort)
ORDER BY cohort_month, months_since`;

// Monthly customer flow, counted as events (first order, reactivation, churn N days after an order with no follow-up)
// and running sums of them, rather than Rapport's range joins; N = 180, Rapport's default churnInactivityDays.
const churnDays = 180;
const churnMetricsSql = `
CREATE OR REPLACE TABLE f_churn_metrics AS
WITH p AS (SELECT max(ordered_at)::DATE + 1 AS as_of FROM f_orders),
d AS (SELECT DISTINCT k, t::DATE AS day FROM f_order_values WHERE v > 0),
o AS (SELECT k, day, lag(day) OVER w AS prev_day, lead(day) OVER w AS next_day, row_number() OVER w AS nth
      FROM d WINDOW w AS (PARTITION BY k ORDER BY day)),
ev AS (
  SELECT date_trunc('month', day)::DATE AS month, k, nth = 1 AS is_first, day - prev_day > ${churnDays} AS is_back,
         nth = 2 AS is_second, day - prev_day AS gap, false AS is_churn
  FROM o
  UNION ALL                                             -- a churn event on day + N, once that day is before as_of
  SELECT date_trunc('month', day + ${churnDays})::DATE, k, false, false, false, NULL, true
  FROM o, p WHERE (next_day IS NULL OR next_day > day + ${churnDays}) AND day + ${churnDays} < p.as_of
),
per_month AS (
  SELECT month, count(DISTINCT k) FILTER (WHERE NOT is_churn) AS active_customers, count(*) FILTER (WHERE is_first) AS new_customers,
         count(*) FILTER (WHERE is_back) AS reactivated_customers, count(*) FILTER (WHERE is_churn) AS churned_customers,
         count(*) FILTER (WHERE is_second) AS repeat_customers, avg(gap) AS avg_days_between_orders
  FROM ev GROUP BY month
),
months AS (
  SELECT range::DATE AS month
  FROM range((SELECT date_trunc('month', min(day)) FROM d)::TIMESTAMP, (SELECT as_of FROM p)::TIMESTAMP, INTERVAL 1 MONTH)
),
flow AS (
  SELECT month, coalesce(active_customers, 0) AS active, coalesce(new_customers, 0) AS joined,
         coalesce(reactivated_customers, 0) AS reactivated, coalesce(churned_customers, 0) AS churned,
         coalesce(repeat_customers, 0) AS repeats, avg_days_between_orders
  FROM months LEFT JOIN per_month USING (month)
)
SELECT month, sum(joined + reactivated - churned) OVER w - (joined + reactivated - churned) AS customers_at_start,
       active AS active_customers, joined AS new_customers, active - joined AS returning_customers,
       reactivated AS reactivated_customers, churned AS churned_customers,
       sum(joined + reactivated - churned) OVER w AS customers_at_end,
       round(churned / nullif(sum(joined + reactivated - churned) OVER w - (joined + reactivated - churned), 0), 4) AS churn_rate,
       round(sum(repeats) OVER w / sum(joined) OVER w, 4) AS repeat_purchase_rate,
       round(avg_days_between_orders, 2) AS avg_days_between_orders
FROM flow
WINDOW w AS (ORDER BY month)
ORDER BY month`;

// Historic CLV straight from the customer_360-like table, which already holds orders and net revenue per customer.
const customerValueSql = `
CREATE OR REPLACE TABLE f_customer_value AS
SELECT k, date_trunc('month', first_order_at)::DATE AS cohort_month, first_order_at, last_order_at, orders,
       revenue AS historic_clv, round(revenue / nullif(orders, 0), 2) AS avg_order_value,
       round(date_diff('day', first_order_at::DATE, last_order_at::DATE) / nullif(orders - 1, 0), 2) AS avg_days_between_orders
FROM f_customer_360 WHERE orders IS NOT NULL AND k IS NOT NULL;
CREATE OR REPLACE TABLE f_cohort_value AS
SELECT cohort_month, count(*) AS customers, sum(historic_clv) AS net_revenue, round(avg(historic_clv), 2) AS historic_clv,
       count(*) FILTER (WHERE orders >= 2) AS repeat_customers, round(avg((orders >= 2)::INTEGER), 4) AS repeat_purchase_rate,
       round(avg(orders), 2) AS avg_orders
FROM f_customer_value WHERE cohort_month IS NOT NULL GROUP BY cohort_month ORDER BY cohort_month`;

// One segment to CSV, leaving out whoever unsubscribed, bounced or complained (as Rapport's exports do by default).
const exportSql = (segment: string, out: string) => `
COPY (
  SELECT k AS email, segment, recency_days, frequency, monetary, r_score, f_score, m_score, as_of
  FROM f_rfm
  WHERE segment = ${lit(segment)} AND k IS NOT NULL
    AND k NOT IN (SELECT lower(trim(email)) FROM f_email
                  WHERE event_type IN ('unsubscribe', 'bounce', 'spamreport') AND email IS NOT NULL)
  ORDER BY k
) TO ${lit(out)} (HEADER)`;

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
    await con.run(`SET TimeZone = 'UTC'`); // UTC days and months, as Rapport's warehouse

    return await fn(con);
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

/**
 * Runs every floor measurement once against the sample in `sampleDir`, in file-backed DuckDB databases under
 * `workDir` (like Rapport's warehouse), and returns the times. Leaves the database files and the exported CSVs
 * (`workDir/floor-exports/`) behind for inspection.
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
    const rfm = await timed(() => con.run(rfmSegmentsSql));
    await con.run(orderValuesSql); // a view definition: no work until a query reads it
    const segmentTransitions = await timed(() => con.run(segmentTransitionsSql));
    const cohortRetention = await timed(() => con.run(cohortRetentionSql));
    const churnMetrics = await timed(() => con.run(churnMetricsSql));
    const customerValue = await timed(() => con.run(customerValueSql));
    const exportDir = path.join(workDir, 'floor-exports');
    await mkdir(exportDir, { recursive: true });
    const exports = {
      'at-risk.csv': await timed(() => con.run(exportSql('At Risk', path.join(exportDir, 'at-risk.csv')))),
      'champions.csv': await timed(() => con.run(exportSql('Champions', path.join(exportDir, 'champions.csv')))),
    };
    return { ingest: { email, social, orders }, rows, customer360, rfm, segmentTransitions, cohortRetention, churnMetrics, customerValue, exports };
  });
  const rfmFromFile = await withDatabase(path.join(workDir, 'floor-rfm.duckdb'), (con) =>
    timed(() => con.run(`CREATE TABLE f_rfm AS ${rfmScoreSql(`read_csv(${file('orders.csv')}, ignore_errors = true, types = ${orderTypes})`)}`)));
  return { ...main, rfmFromFile };
}
