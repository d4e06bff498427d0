// Resolves identity_observations into components inside DuckDB, refusing links that would break a per-kind limit.
import type { Warehouse } from '../warehouse/warehouse.js';
import type { IdentityConfig } from './identity-config.js';
import { literal } from '../warehouse/warehouse.js';

/** Rounds of "find over-limit components, refuse their strongest hub" before giving up (each is one propagation). */
const MAX_REFUSAL_ROUNDS = 25;

/** What component resolution did. */
export interface ComponentCounts {
  readonly iterations: number;
  readonly refusals: number;
}

/**
 * Builds TEMP `identity_labels` (identity -> component label, the smallest identity of its component) and
 * TEMP `identity_edges` (a, b, via = one record that links them), and replaces `identity_merge_refusals`.
 * Only identities with status 'linked' and not refused link records. A component holding more identities of a kind
 * than `maxPerCustomer` allows is split by refusing its hub: the identity that co-occurs on records with the most
 * identities of that kind (ties: the smallest). The refused identity keeps its observations but links nothing from
 * then on, and the refusal is logged. Repeats until no component is over a limit (at most 25 rounds).
 */
export async function resolveComponents(wh: Warehouse, limits: IdentityConfig['maxPerCustomer'], runId: string | null): Promise<ComponentCounts> {
  await wh.run(`
    CREATE TABLE IF NOT EXISTS identity_merge_refusals (
      run_id VARCHAR, round INTEGER, refused_identity VARCHAR, kind VARCHAR, would_have INTEGER, max_allowed INTEGER,
      component_label VARCHAR, reason VARCHAR);
    DELETE FROM identity_merge_refusals;
    CREATE OR REPLACE TEMP TABLE identity_refused (identity VARCHAR PRIMARY KEY);`);
  const limitOf = `CASE o.kind ${Object.entries(limits).map(([k, n]) => `WHEN ${literal(k)} THEN ${n}`).join(' ')} END`;
  let iterations = 0;
  let refusals = 0;
  for (let round = 1; ; round++) {
    iterations += await propagate(wh);
    if (round > MAX_REFUSAL_ROUNDS) break;
    await wh.run(`
      CREATE OR REPLACE TEMP TABLE identity_over AS
      SELECT l.label, o.kind, count(*) AS n, any_value(${limitOf}) AS max_allowed
      FROM identity_labels l JOIN (SELECT DISTINCT identity, kind FROM identity_usable) o USING (identity)
      GROUP BY l.label, o.kind HAVING count(*) > any_value(${limitOf})`);
    const [{ n } = { n: 0 }] = await wh.all<{ n: number }>('SELECT count(*) AS n FROM identity_over');
    if (n === 0) break;
    // One hub per over-limit component and round: the identity sharing records with the most identities of that kind.
    const added = await wh.all<{ identity: string }>(`
      WITH degree AS (
        SELECT ov.label, ov.kind, ov.n, ov.max_allowed, x.identity, count(DISTINCT y.identity) AS links
        FROM identity_over ov
        JOIN identity_labels l ON l.label = ov.label
        JOIN identity_usable x ON x.identity = l.identity
        JOIN identity_usable y ON y.source = x.source AND y.record_id = x.record_id AND y.kind = ov.kind AND y.identity <> x.identity
        GROUP BY ALL
      ), hub AS (
        SELECT *, row_number() OVER (PARTITION BY label ORDER BY links DESC, identity) AS rank FROM degree
      )
      INSERT INTO identity_merge_refusals
      SELECT ${runId === null ? 'NULL' : literal(runId)}, ${round}, identity, kind, n, max_allowed, label,
             identity || ' links ' || links || ' ' || kind || ' identities: merging them would give one customer ' || n || ' (max ' || max_allowed || ')'
      FROM hub WHERE rank = 1
      RETURNING refused_identity AS identity`);
    if (added.length === 0) break;
    refusals += added.length;
    await wh.run(`INSERT OR IGNORE INTO identity_refused SELECT refused_identity FROM identity_merge_refusals WHERE round = ${round}`);
  }
  await wh.run('DROP TABLE IF EXISTS identity_over');
  return { iterations, refusals };
}

/** Min-label propagation over the current usable edges; converges in as many rounds as the longest chain of links. */
async function propagate(wh: Warehouse): Promise<number> {
  await wh.run(`
    CREATE OR REPLACE TEMP TABLE identity_usable AS
    SELECT source, record_id, identity, kind FROM identity_observations
    WHERE status = 'linked' AND identity NOT IN (SELECT identity FROM identity_refused);
    -- A record links each of its usable identifiers to its smallest one (a star, not all pairs).
    CREATE OR REPLACE TEMP TABLE identity_edges AS
    WITH anchors AS (SELECT source, record_id, min(identity) AS anchor FROM identity_usable GROUP BY ALL),
    pairs AS (
      SELECT u.identity AS a, x.anchor AS b, u.source || ':' || u.record_id AS via
      FROM identity_usable u JOIN anchors x USING (source, record_id) WHERE u.identity <> x.anchor
    )
    SELECT a, b, min(via) AS via FROM (SELECT a, b, via FROM pairs UNION ALL SELECT b, a, via FROM pairs) GROUP BY a, b;
    CREATE OR REPLACE TEMP TABLE identity_labels AS
    SELECT DISTINCT identity, identity AS label FROM identity_observations;`);
  let iterations = 0;
  for (;;) {
    iterations += 1;
    const [{ changed } = { changed: 0 }] = await wh.all<{ changed: number }>(`
      CREATE OR REPLACE TEMP TABLE identity_labels_next AS
      SELECT l.identity, least(l.label, coalesce(min(n.label), l.label)) AS label
      FROM identity_labels l
      LEFT JOIN identity_edges e ON e.a = l.identity
      LEFT JOIN identity_labels n ON n.identity = e.b
      GROUP BY l.identity, l.label;
      SELECT count(*) AS changed FROM identity_labels_next x JOIN identity_labels l USING (identity) WHERE x.label <> l.label`);
    await wh.run('DROP TABLE identity_labels; ALTER TABLE identity_labels_next RENAME TO identity_labels');
    if (changed === 0) return iterations;
  }
}
