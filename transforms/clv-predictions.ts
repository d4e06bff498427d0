// Builds `clv_predictions` (P(alive), expected purchases and spend, CLV, churn band per customer) and logs the fit in `clv_models`.
import type { Period } from './clv/index.js';
import { literal } from '../warehouse/warehouse.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { clvModels, columnDefinitions } from './contracts/index.js';
import { appendColumns, readNumericColumns } from '../warehouse/columnar.js';
import { churnRiskSql, predictTriples, spendSql } from './clv-customer-predictions.js';
import { fitClvModel } from './clv-model.js';
import type { ClvFitInput, ClvModel, ClvWarmStart } from './clv-model.js';
import { createClvSummary } from './clv-summary.js';

/** Parameters of {@link buildClvPredictions} (the `analytics.clv` config plus the as-of date). */
export interface ClvPredictionParams {
  /** 'YYYY-MM-DD', exclusive: orders on or after it are ignored; the calibration period ends the day before. */
  readonly asOf: string;
  readonly period: Period;
  readonly horizonDays: number;
  readonly clvMonths: number;
  readonly monthlyDiscountRate: number;
  /** Start the fit from the stored fit nearest `asOf` (default true); false searches from scratch (a full refresh). */
  readonly warmStart?: boolean;
}

/**
 * The purchases the models see: counted orders (net value > 0) of known customers before `asOf`, by UTC day.
 * @example orderTransactions('2026-11-01');
 */
export function orderTransactions(asOf: string): string {
  return `SELECT customer_id, ordered_at::DATE AS day, net_value::DOUBLE AS amount
    FROM order_values
    WHERE customer_id IS NOT NULL
      AND net_value > 0                              -- only counted orders, as in rfm_segments
      AND ordered_at < ${literal(asOf)}::DATE        -- as_of is exclusive
`; // ends with a newline so the comment above cannot swallow SQL the caller appends
}

/** The day before a 'YYYY-MM-DD' date, as 'YYYY-MM-DD' (UTC calendar arithmetic, no clock). */
export function dayBefore(date: string, days = 1): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The parameters of the stored fit (`clv_models`) in `period` nearest to `asOf`, as a warm start for today's fit:
 * a day's new orders move them in the 3rd–4th digit, so Newton from there needs 2–4 steps instead of a Nelder-Mead
 * search, and reaches the same optimum. None when no usable fit is stored.
 */
export async function storedWarmStart(wh: Warehouse, asOf: string, period: Period): Promise<ClvWarmStart> {
  const [exists] = await wh.all(`SELECT 1 FROM duckdb_tables() WHERE table_name = 'clv_models' AND schema_name = 'main' AND NOT temporary`);
  if (!exists) return {};
  const [row] = await wh.all<Record<'r' | 'alpha' | 'a' | 'b' | 'p' | 'q' | 'gamma', number | null>>(`
    SELECT r, alpha, a, b, p, q, gamma FROM clv_models
    WHERE period = $1 AND bgnbd_converged AND r IS NOT NULL
    ORDER BY abs(date_diff('day', as_of, $2::DATE)), as_of DESC LIMIT 1`, [period, asOf]);
  if (!row) return {};
  const finite = (...v: (number | null)[]) => v.every((x) => x !== null && Number.isFinite(x) && x > 0);
  return {
    ...(finite(row.r, row.alpha, row.a, row.b) ? { bgnbd: { r: row.r!, alpha: row.alpha!, a: row.a!, b: row.b! } } : {}),
    ...(finite(row.p, row.q, row.gamma) ? { gammaGamma: { p: row.p!, q: row.q!, gamma: row.gamma! } } : {}),
  };
}

/**
 * The fits' input, aggregated in the warehouse from `clv_summary`: distinct (x, t_x, T) with their counts (in a fixed
 * order), the spenders' (x, monetary) in customer order, and totals. At 1M customers reading a row per customer into
 * Node, and writing a row per customer back, was most of this step.
 */
async function fitInputFromSummary(wh: Warehouse): Promise<ClvFitInput> {
  const [x, tx, T, n] = await readNumericColumns(wh,
    'SELECT x, t_x, "T", count(*)::DOUBLE AS n FROM clv_summary GROUP BY x, t_x, "T" ORDER BY x, t_x, "T"', 'clv_summary') as [Float64Array, Float64Array, Float64Array, Float64Array];
  const [spenderX, monetary] = await readNumericColumns(wh,
    'SELECT x, monetary FROM clv_summary WHERE x > 0 AND monetary > 0 ORDER BY customer_id', 'clv_summary') as [Float64Array, Float64Array];
  const [totals = { customers: 0, repeaters: 0, purchases: 0, value: 0 }] = await wh.all<Omit<ClvFitInput, 'triples' | 'spenders'>>(`
    SELECT count(*)::DOUBLE AS customers, count(*) FILTER (WHERE x > 0)::DOUBLE AS repeaters,
           coalesce(sum(x + 1), 0)::DOUBLE AS purchases, coalesce(sum(calibration_value), 0)::DOUBLE AS value
    FROM clv_summary`);
  return { triples: { x, tx, T, count: n }, spenders: { x: spenderX, monetary }, ...totals };
}

/**
 * Fits BG/NBD and Gamma-Gamma on every customer's history up to the day before `asOf` and rebuilds
 * `clv_predictions` (one row per customer with a counted order); appends the fit to `clv_models`
 * (replacing that as-of date's row). Degenerate data never throws: see `fitClvModel` for the fallbacks;
 * each one is a warning in the result and in `clv_models.warnings`, and without a purchase model the
 * predictions table is left empty. The history-dependent predictions are computed once per distinct (x, t_x, T) in
 * Node (`predictTriples`) and joined to the customers in SQL with their spend (`spendSql`), in one transaction, so a
 * failure keeps the previous tables. Reads no clock: everything is dated `asOf`. The fit is
 * re-estimated on every run, starting from the stored fit nearest `asOf` when there is one (`storedWarmStart`).
 * @throws Error naming the table when the warehouse rejects the SQL or the bulk write.
 * @example await buildClvPredictions(wh, { asOf: '2026-11-01', period: 'week', horizonDays: 90, clvMonths: 12, monthlyDiscountRate: 0.01 });
 */
export async function buildClvPredictions(
  wh: Warehouse,
  params: ClvPredictionParams,
): Promise<{ customers: number; warnings: readonly string[]; model: ClvModel }> {
  const calibrationEnd = dayBefore(params.asOf);
  await createClvSummary(wh, { transactions: orderTransactions(params.asOf), calibrationEnd, period: params.period });
  const input = await fitInputFromSummary(wh);
  const model = fitClvModel(input, params.warmStart === false ? {} : await storedWarmStart(wh, params.asOf, params.period));
  await wh.run('CREATE OR REPLACE TEMP TABLE clv_triple_predictions (x DOUBLE, t_x DOUBLE, "T" DOUBLE, p_alive DOUBLE, purchases DOUBLE, discounted DOUBLE)');
  if (model.bgnbd) {
    const p = predictTriples(input.triples, model.bgnbd, params);
    await appendColumns(wh, 'clv_triple_predictions', [input.triples.x, input.triples.tx, input.triples.T, p.alive, p.purchases, p.discounted]);
  }
  const spend = spendSql(model, 's.x', 's.monetary');
  await wh.transaction(async () => {
    await wh.run(`
      CREATE OR REPLACE TABLE clv_predictions AS
      SELECT s.customer_id, s.x::INTEGER AS repeat_purchases, t.p_alive, t.purchases AS expected_purchases_90d,
             ${spend} AS expected_avg_spend, t.discounted * (${spend}) AS predicted_clv_12m,
             ${churnRiskSql('t.p_alive')} AS churn_risk,
             ${params.horizonDays}::INTEGER AS horizon_days, ${params.clvMonths}::INTEGER AS clv_months,
             ${literal(params.asOf)}::DATE AS as_of
      FROM clv_summary s JOIN clv_triple_predictions t ON t.x = s.x AND t.t_x = s.t_x AND t."T" = s."T"
      ORDER BY s.customer_id;
      DROP TABLE clv_triple_predictions;
      CREATE TABLE IF NOT EXISTS clv_models (${columnDefinitions(clvModels)});
      DELETE FROM clv_models WHERE as_of = ${literal(params.asOf)}::DATE;`);
    const b = model.bgnbd;
    const g = model.gammaGamma;
    await wh.run(
      `INSERT INTO clv_models VALUES ($1::DATE, $2::DATE, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22,
         ${warningsList(model.warnings)})`,
      [
        params.asOf, calibrationEnd, params.period, input.customers, input.repeaters,
        b?.r ?? null, b?.alpha ?? null, b?.a ?? null, b?.b ?? null, b?.logLikelihood ?? null, b?.converged ?? null,
        model.spendModel, g?.p ?? null, g?.q ?? null, g?.gamma ?? null, g?.logLikelihood ?? null, g?.converged ?? null,
        g?.customers ?? null, model.meanTransactionValue, params.horizonDays, params.clvMonths, params.monthlyDiscountRate,
      ],
    );
  });
  const customers = model.bgnbd ? input.customers : 0;
  return { customers, warnings: model.warnings, model };
}

function warningsList(warnings: readonly string[]): string {
  return warnings.length === 0 ? '[]::VARCHAR[]' : `[${warnings.map(literal).join(', ')}]::VARCHAR[]`;
}
