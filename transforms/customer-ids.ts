// Gives each resolved component a customer id that is stable across runs, and records merges and splits.
import type { Warehouse } from '../warehouse/warehouse.js';
import { literal } from '../warehouse/warehouse.js';

/** When and by which run ids are assigned; recorded in `customer_ids` and `identity_merges`. */
export interface IdRun {
  readonly runId: string | null;
  readonly now: Date | null;
  /** Only rows were added since the last build: write the touched identities' rows (TEMP identity_touched) in place. */
  readonly append?: boolean;
}

const ts = (d: Date | null) => (d === null ? 'NULL::TIMESTAMP' : `TIMESTAMP ${literal(d.toISOString().replace('T', ' ').replace('Z', ''))}`);

/**
 * From TEMP `identity_labels`, `identity_ids` and `identity_edges` (see identity-components.ts), writes `identities`
 * (one row per identity with its customer_id) and updates the persistent `customer_ids` and `identity_merges`.
 * A component keeps the id its identities had. When it holds identities of several earlier customers, the oldest
 * id (earliest assigned_at, then smallest) survives and each absorbed id is recorded as a 'merge' with the link that
 * reached it. When an earlier customer is split (a newly blocked value, a refused link), the part with most of its
 * identities keeps the id and the others get new ids, recorded as 'split'. A new component gets
 * 'cus_' + the first 12 hex digits of md5(its smallest identity), or of md5('split:' + it) if that id is taken.
 */
export async function assignCustomerIds(wh: Warehouse, run: IdRun): Promise<{ merges: number; splits: number }> {
  const runId = run.runId === null ? 'NULL' : literal(run.runId);
  await wh.run(`
    -- Earlier ids per component, with how many of the id's identities the component holds now.
    CREATE OR REPLACE TEMP TABLE id_claims AS
    SELECT l.label, p.customer_id, count(*) AS held, min(p.assigned_at) AS assigned_at
    FROM identity_labels l JOIN customer_ids p USING (identity) GROUP BY l.label, p.customer_id;
    -- An id claimed by several components (a split) stays with the one holding most of it (ties: smallest label).
    CREATE OR REPLACE TEMP TABLE id_kept AS
    SELECT * FROM id_claims QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY held DESC, label) = 1;
    CREATE OR REPLACE TEMP TABLE id_survivor AS
    SELECT label, arg_min(customer_id, (assigned_at, customer_id)) AS customer_id FROM id_kept GROUP BY label;
    CREATE OR REPLACE TEMP TABLE component_ids AS
    WITH labels AS (SELECT DISTINCT label FROM identity_labels),
    fresh AS (
      SELECT l.label, 'cus_' || substr(md5(l.label), 1, 12) AS candidate FROM labels l ANTI JOIN id_survivor s USING (label)
    )
    SELECT label, customer_id, false AS is_new FROM id_survivor
    UNION ALL
    SELECT f.label,
           CASE WHEN f.candidate IN (SELECT customer_id FROM customer_ids) OR f.candidate IN (SELECT customer_id FROM id_survivor)
                THEN 'cus_' || substr(md5('split:' || f.label), 1, 12) ELSE f.candidate END,   -- the plain id still names another customer
           true
    FROM fresh f;`);
  const [{ merges, splits } = { merges: 0, splits: 0 }] = await wh.all<{ merges: number; splits: number }>(`
    INSERT INTO identity_merges
    WITH absorbed AS (
      SELECT k.label, k.customer_id AS absorbed_id, c.customer_id AS surviving_id
      FROM id_kept k JOIN component_ids c USING (label) WHERE k.customer_id <> c.customer_id
    ), evidence AS (
      -- A link from an identity of the absorbed customer to one that was not (the survivor's, or a new one).
      SELECT a.absorbed_id, arg_min(struct_pack(a := ia.identity, b := ib.identity, via := e.via), (e.via, ia.identity, ib.identity)) AS link
      FROM absorbed a
      JOIN identity_labels l ON l.label = a.label
      JOIN customer_ids pa ON pa.identity = l.identity AND pa.customer_id = a.absorbed_id
      JOIN identity_ids ia ON ia.identity = l.identity
      JOIN identity_edges e ON e.a = ia.id
      JOIN identity_ids ib ON ib.id = e.b
      LEFT JOIN customer_ids pb ON pb.identity = ib.identity
      WHERE pb.customer_id IS DISTINCT FROM a.absorbed_id
      GROUP BY a.absorbed_id
    )
    SELECT 'merge', ${ts(run.now)}, ${runId}, a.surviving_id, a.absorbed_id, ev.link.b, ev.link.a, ev.link.via,
           coalesce(ev.link.b || ' on ' || ev.link.via || ' shares a record with ' || ev.link.a, 'linked through new records')
    FROM absorbed a LEFT JOIN evidence ev USING (absorbed_id)
    UNION ALL
    SELECT 'split', ${ts(run.now)}, ${runId}, k.customer_id, c.customer_id, NULL, NULL, NULL,
           'identities of ' || k.customer_id || ' no longer linked to it (blocked value or refused link)'
    FROM id_claims cl JOIN id_kept k ON k.customer_id = cl.customer_id AND k.label <> cl.label
    JOIN component_ids c ON c.label = cl.label AND c.is_new
    RETURNING event`).then((rows) => [{
      merges: rows.filter((r) => (r as unknown as { event: string }).event === 'merge').length,
      splits: rows.filter((r) => (r as unknown as { event: string }).event === 'split').length,
    }]);
  await wh.run(`
    -- Per identity, from the per-raw-value counts (stored before ids are assigned): one row per identity, never per
    -- record. Identities outside this build's scope keep their customer and refusal; when only rows were added, only
    -- the touched identities' rows (identity_touched) are written.
    -- The touched identities' raw values first, as a table: the planner then hashes these few thousand rows, not
    -- identity_values' millions (1.1 s of a 1M incremental build).
    ${run.append ? `CREATE OR REPLACE TEMP TABLE identity_touched_values AS
      SELECT kind, raw, identity FROM identity_values WHERE identity IN (SELECT identity FROM identity_touched);` : ''}
    ${run.append ? 'CREATE OR REPLACE TEMP TABLE identities_new' : 'CREATE OR REPLACE TABLE identities'} AS
    WITH o AS (
      SELECT v.identity, min(r.first_seen) AS first_seen, max(r.last_seen) AS last_seen, sum(r.records)::BIGINT AS records
      FROM identity_raw_stats r JOIN ${run.append ? 'identity_touched_values' : 'identity_values'} v ON v.kind = r.kind AND v.raw = r.raw
      GROUP BY v.identity
    ), placed AS (
      SELECT l.identity, c.customer_id, r.identity IS NOT NULL AS refused
      FROM identity_labels l JOIN component_ids c USING (label) LEFT JOIN identity_refused r USING (identity)
      UNION ALL
      SELECT p.identity, p.customer_id, p.status = 'refused' FROM identities p ANTI JOIN identity_labels l USING (identity)
      ${run.append ? 'WHERE p.identity IN (SELECT identity FROM identity_touched)' : ''}
    )
    SELECT s.identity, s.kind, s.value, CASE WHEN p.refused THEN 'refused' ELSE s.status END AS status,
           p.customer_id, o.first_seen, o.last_seen, o.records
    FROM identity_status s JOIN o USING (identity) JOIN placed p USING (identity)
    ${run.append ? 'WHERE s.identity IN (SELECT identity FROM identity_touched)' : ''};   -- as o: not the other millions
    ${run.append
      ? `DELETE FROM identities WHERE identity IN (SELECT identity FROM identity_touched);
         INSERT INTO identities SELECT * FROM identities_new;
         DROP TABLE identities_new; DROP TABLE identity_touched_values;`
      : ''}
    -- Identifiers no longer seen, and those outside this build's scope, keep their row.
    ${run.append ? 'DELETE FROM customer_ids WHERE identity IN (SELECT identity FROM identity_labels); INSERT INTO customer_ids' : 'CREATE OR REPLACE TABLE customer_ids AS'}
    SELECT l.identity, c.customer_id, coalesce(k.assigned_at, ${ts(run.now)}) AS assigned_at, ${runId}::VARCHAR AS run_id
    FROM identity_labels l JOIN component_ids c USING (label)
    LEFT JOIN (SELECT customer_id, min(assigned_at) AS assigned_at FROM id_kept GROUP BY ALL) k USING (customer_id)
    ${run.append ? '' : 'UNION ALL SELECT p.* FROM customer_ids p ANTI JOIN identity_labels l USING (identity)'};
    DROP TABLE id_claims; DROP TABLE id_kept; DROP TABLE id_survivor; DROP TABLE component_ids;`);
  return { merges, splits };
}
