// Which customers each customer_360 build recomputed, so the per-customer models after it (customer_preferences,
// customer_sentiment) can recompute only those: the change log customer_360 writes and each model's place in it, and
// the owners of those customers' records as the latest build decided them, so the models after it need not decide
// them again.
import { createHash } from 'node:crypto';
import type { Warehouse } from '../warehouse/warehouse.js';
import { literal } from '../warehouse/warehouse.js';

/** Builds kept in the log: a model last built more customer_360 builds ago than this is rebuilt in full. */
export const keptBuilds = 100;

export const changeLogSql = `
  CREATE TABLE IF NOT EXISTS customer_360_builds (build BIGINT, "full" BOOLEAN, as_of DATE);
  CREATE TABLE IF NOT EXISTS customer_360_changes (build BIGINT, customer_id VARCHAR);
  CREATE TABLE IF NOT EXISTS customer_model_state (model VARCHAR, build BIGINT, as_of DATE, definition VARCHAR);
  CREATE TABLE IF NOT EXISTS customer_360_record_owners (build BIGINT, channel VARCHAR, record_id VARCHAR, customer_id VARCHAR);`;

/**
 * SQL that logs one customer_360 build, run in the build's own transaction: a full build (`scope` null), or the
 * customers of the table `scope` (customer_id) it recomputed, which includes ids merged away or split off (their rows
 * were removed). The build also keeps `owners` (channel, record_id, customer_id: the owners it decided of the linking
 * records it read) in `customer_360_record_owners`, replacing the previous build's: an incremental build its scope's
 * customers' (every linking record of a recomputed customer is among them: it carries one of the customer's raw
 * values, which is how the build found its records), a full build every linking record's, so a model's full build
 * reads them instead of deciding every record's owner again (at 1M, 10-15 s of CPU per model).
 */
export function logCustomer360BuildSql(asOf: string, owners: string, scope: string | null): string {
  const next = '(SELECT coalesce(max(build), 0) + 1 FROM customer_360_builds)';
  return `
  DELETE FROM customer_360_record_owners;
  ${scope === null ? '' : `INSERT INTO customer_360_changes SELECT DISTINCT ${next}, customer_id FROM ${scope} WHERE customer_id IS NOT NULL;`}
  INSERT INTO customer_360_record_owners SELECT ${next}, channel, record_id, customer_id FROM ${owners}
  WHERE ${scope === null ? 'customer_id IS NOT NULL' : `customer_id IN (SELECT customer_id FROM ${scope})`};
  INSERT INTO customer_360_builds VALUES (${next}, ${scope === null}, ${literal(asOf)}::DATE);
  DELETE FROM customer_360_changes WHERE build <= (SELECT max(build) FROM customer_360_builds) - ${keptBuilds};
  DELETE FROM customer_360_builds WHERE build <= (SELECT max(build) FROM customer_360_builds) - ${keptBuilds};`;
}

/** How a per-customer model is brought up to date this run. */
export interface CustomerModelPlan {
  /** Every customer is recomputed (and why), or only those of the TEMP table `<model>_changed`. */
  readonly full: boolean;
  readonly reason: string;
  /** The customer_360 build the model will be up to date with (0 when none was logged). */
  readonly build: number;
  /** The as-of date of the model's last build, when incremental (a model whose rows also move with the date needs it). */
  readonly previousAsOf?: string;
  /**
   * When incremental and the latest customer_360 build is the only one since the model's: that build's customers
   * (`customers`, a SELECT customer_id) and their linking records with the owners it decided (`records`, a SELECT
   * channel, record_id, customer_id from `customer_360_record_owners`). When full and the latest customer_360 build
   * was full with no identity build since: every customer of customer_360 and every linking record's owner.
   */
  readonly owners?: { readonly customers: string; readonly records: string };
}

/** A short hash of a model's settings and reference inputs: when it changes, the model is rebuilt in full. */
export function definitionHash(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

/**
 * Decides whether `model` (its table's name) can be updated for the customers customer_360 recomputed since the model
 * was last built, and if so writes them to the TEMP table `<model>_changed` (customer_id). It cannot (full) on a
 * first build, when asked, when `definition` changed, when `asOf` is earlier than the model's or differs from the
 * latest customer_360 build's (that build's window of newly counted events is what the log covers), when a build
 * since then was full, or when the model is more than `keptBuilds` builds behind.
 */
export async function planCustomerModel(
  wh: Warehouse, model: string, params: { asOf: string; definition: string; full?: boolean },
): Promise<CustomerModelPlan> {
  await wh.run(changeLogSql);
  const [latest] = await wh.all<{ build: number; as_of: string; oldest: number }>(`
    SELECT build::DOUBLE AS build, strftime(as_of, '%Y-%m-%d') AS as_of, (SELECT min(build) FROM customer_360_builds)::DOUBLE AS oldest
    FROM customer_360_builds ORDER BY build DESC LIMIT 1`);
  const build = latest?.build ?? 0;
  const [state] = await wh.all<{ build: number; as_of: string; definition: string; tables: number }>(`
    SELECT build::DOUBLE AS build, strftime(as_of, '%Y-%m-%d') AS as_of, definition,
           (SELECT count(*) FROM information_schema.tables WHERE table_name = ${literal(model)} AND table_schema = 'main')::INTEGER AS tables
    FROM customer_model_state WHERE model = ${literal(model)}`);
  const [{ fullSince = 0 } = {}] = state ? await wh.all<{ fullSince: number }>(
    `SELECT count(*)::INTEGER AS "fullSince" FROM customer_360_builds WHERE build > ${state.build} AND "full"`) : [];
  const reason = params.full ? 'full refresh asked for'
    : !latest ? 'no customer_360 build logged'
    : !state || state.tables === 0 ? 'first build'
    : state.definition !== params.definition ? 'its settings or reference data changed'
    : params.asOf < state.as_of ? `as-of ${params.asOf} is before the last build's ${state.as_of}`
    : params.asOf !== latest.as_of ? `as-of ${params.asOf} is not customer_360's (${latest.as_of})`
    : state.build + 1 < latest.oldest ? `last built more than ${keptBuilds} customer_360 builds ago`
    : fullSince > 0 ? 'customer_360 was rebuilt in full since'
    : undefined;
  if (reason !== undefined) return { full: true, reason, build, ...(await fullBuildOwners(wh, build)) };
  await wh.run(`CREATE OR REPLACE TEMP TABLE "${model}_changed" AS
    SELECT DISTINCT customer_id FROM customer_360_changes WHERE build > ${state!.build}`);
  // The latest build's owners cover its customers, which are the changed ones when it is the only build since the
  // model's. Kept rows are all of that build's (written with its log, in its transaction); none means a build whose
  // customers have no linking record or one by an older version: the model then looks for the records itself.
  const [kept] = state!.build + 1 === build
    ? await wh.all(`SELECT 1 FROM customer_360_record_owners WHERE build = ${build} LIMIT 1`) : [];
  const owners = kept ? {
    customers: `SELECT customer_id FROM customer_360_changes WHERE build = ${build}`,
    records: `SELECT channel, record_id, customer_id FROM customer_360_record_owners WHERE build = ${build}`,
  } : undefined;
  return { full: false, reason: 'changed customers only', build, previousAsOf: state!.as_of, ...(owners ? { owners } : {}) };
}

/**
 * The owners a full customer_360 build kept of every linking record, when `build` is one and no identity build has run
 * since (customers_touched is emptied by customer_360 and filled by identities): they are then the owners
 * customer_records would decide, as of the same identities.
 */
async function fullBuildOwners(wh: Warehouse, build: number): Promise<Pick<CustomerModelPlan, 'owners'>> {
  const [usable] = build === 0 ? [] : await wh.all(`
    SELECT 1 FROM customer_360_builds WHERE build = ${build} AND "full"
      AND EXISTS (SELECT 1 FROM customer_360_record_owners WHERE build = ${build})
      AND NOT EXISTS (SELECT 1 FROM customers_touched)`);
  return usable ? { owners: {
    customers: 'SELECT customer_id FROM customer_360',
    records: `SELECT channel, record_id, customer_id FROM customer_360_record_owners WHERE build = ${build}`,
  } } : {};
}

/** SQL recording that `model` is up to date with customer_360 build `build`; run in the model's own transaction. */
export function saveCustomerModelSql(model: string, plan: CustomerModelPlan, asOf: string, definition: string): string {
  return `DELETE FROM customer_model_state WHERE model = ${literal(model)};
  INSERT INTO customer_model_state VALUES (${literal(model)}, ${plan.build}, ${literal(asOf)}::DATE, ${literal(definition)});
  DROP TABLE IF EXISTS "${model}_changed";`;
}
