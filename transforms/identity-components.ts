// Resolves identities and the records that link them into components inside DuckDB, refusing links that would break a per-kind limit.
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
 * Over the identities of TEMP `identity_scope` (identity, kind) and their links, TEMP `identity_scope_links` (via: a
 * record, identity), builds TEMP `identity_labels` (identity -> component label, the smallest identity of its component), TEMP
 * `identity_ids` (identity -> integer id, numbered in identity order) and TEMP `identity_edges` (a, b: identity ids;
 * via = one record that links them), and TEMP `identity_refusals_new` (rows for `identity_merge_refusals`).
 * Only identities with status 'linked' and not refused link records. A component holding more identities of a kind
 * than `maxPerCustomer` allows is split by refusing its hub: the identity that co-occurs on records with the most
 * identities of that kind (ties: the smallest). The refused identity keeps its observations but links nothing from
 * then on, and the refusal is logged. Repeats until no component is over a limit (at most 25 rounds).
 */
export async function resolveComponents(wh: Warehouse, limits: IdentityConfig['maxPerCustomer'], runId: string | null): Promise<ComponentCounts> {
  await wh.run(`
    CREATE OR REPLACE TEMP TABLE identity_refusals_new (
      run_id VARCHAR, round INTEGER, refused_identity VARCHAR, kind VARCHAR, would_have INTEGER, max_allowed INTEGER,
      component_label VARCHAR, reason VARCHAR);
    CREATE OR REPLACE TEMP TABLE identity_refused (identity VARCHAR PRIMARY KEY);
    -- Integers numbered in identity order, so min(id) is the smallest identity and the graph work joins integers.
    CREATE OR REPLACE TEMP TABLE identity_ids AS
    SELECT row_number() OVER (ORDER BY identity)::INTEGER AS id, identity, kind FROM identity_scope;
    CREATE OR REPLACE TEMP TABLE identity_link_ids AS
    SELECT l.via, i.id, i.kind FROM identity_scope_links l JOIN identity_ids i USING (identity);`);
  const limitOf = `CASE i.kind ${Object.entries(limits).map(([k, n]) => `WHEN ${literal(k)} THEN ${n}`).join(' ')} END`;
  let iterations = 0;
  let refusals = 0;
  for (let round = 1; ; round++) {
    iterations += await propagate(wh);
    if (round > MAX_REFUSAL_ROUNDS) break;
    // Only identities with edges have a label row: a lone identity is a component of one, never over a limit (>= 1).
    await wh.run(`
      CREATE OR REPLACE TEMP TABLE identity_over AS
      SELECT l.label, i.kind, count(*) AS n, any_value(${limitOf}) AS max_allowed
      FROM identity_label_ids l JOIN identity_ids i USING (id)
      GROUP BY l.label, i.kind HAVING count(*) > any_value(${limitOf})`);
    const [{ n } = { n: 0 }] = await wh.all<{ n: number }>('SELECT count(*) AS n FROM identity_over');
    if (n === 0) break;
    // One hub per over-limit component and round: the identity sharing records with the most identities of that kind.
    const added = await wh.all<{ identity: string }>(`
      WITH usable AS (
        SELECT * FROM identity_link_ids WHERE id NOT IN (SELECT i.id FROM identity_refused JOIN identity_ids i USING (identity))
      ), degree AS (
        SELECT ov.label, ov.kind, ov.n, ov.max_allowed, x.id, count(DISTINCT y.id) AS links
        FROM identity_over ov
        JOIN identity_label_ids l ON l.label = ov.label
        JOIN usable x ON x.id = l.id
        JOIN usable y ON y.via = x.via AND y.kind = ov.kind AND y.id <> x.id
        GROUP BY ALL
      ), hub AS (
        SELECT *, row_number() OVER (PARTITION BY label ORDER BY links DESC, id) AS rank FROM degree
      )
      INSERT INTO identity_refusals_new
      SELECT ${runId === null ? 'NULL' : literal(runId)}, ${round}, x.identity, h.kind, h.n, h.max_allowed, c.identity,
             x.identity || ' links ' || h.links || ' ' || h.kind || ' identities: merging them would give one customer ' || h.n || ' (max ' || h.max_allowed || ')'
      FROM hub h JOIN identity_ids x ON x.id = h.id JOIN identity_ids c ON c.id = h.label
      WHERE h.rank = 1
      RETURNING refused_identity AS identity`);
    if (added.length === 0) break;
    refusals += added.length;
    await wh.run(`INSERT OR IGNORE INTO identity_refused SELECT refused_identity FROM identity_refusals_new WHERE round = ${round}`);
  }
  // Every identity with its component's smallest identity; one without edges is its own component.
  await wh.run(`
    CREATE OR REPLACE TEMP TABLE identity_labels AS
    SELECT i.identity, coalesce(c.identity, i.identity) AS label
    FROM identity_ids i LEFT JOIN identity_label_ids l USING (id) LEFT JOIN identity_ids c ON c.id = l.label;
    DROP TABLE IF EXISTS identity_over; DROP TABLE IF EXISTS identity_label_ids;`);
  return { iterations, refusals };
}

/**
 * Labels every identity that has a usable edge with the smallest id of its component, in TEMP `identity_label_ids`.
 * Min-label propagation with pointer jumping (label := label of label), so the rounds grow with the logarithm of the
 * longest chain of links rather than with its length.
 */
async function propagate(wh: Warehouse): Promise<number> {
  await wh.run(`
    -- A record links each of its usable identifiers to its smallest one (a star, not all pairs).
    CREATE OR REPLACE TEMP TABLE identity_edges AS
    WITH usable AS (
      SELECT * FROM identity_link_ids WHERE id NOT IN (SELECT i.id FROM identity_refused JOIN identity_ids i USING (identity))
    ), anchors AS (SELECT via, min(id) AS anchor FROM usable GROUP BY via),
    pairs AS (SELECT u.id AS a, x.anchor AS b, u.via FROM usable u JOIN anchors x USING (via) WHERE u.id <> x.anchor)
    SELECT a, b, min(via) AS via FROM (SELECT a, b, via FROM pairs UNION ALL SELECT b, a, via FROM pairs) GROUP BY a, b;
    CREATE OR REPLACE TEMP TABLE identity_label_ids AS
    SELECT a AS id, least(a, min(b)) AS label FROM identity_edges GROUP BY a;`);
  let iterations = 0;
  for (;;) {
    iterations += 1;
    const [{ changed } = { changed: 0 }] = await wh.all<{ changed: number }>(`
      CREATE OR REPLACE TEMP TABLE identity_label_ids_next AS
      WITH hop AS (
        SELECT l.id, least(l.label, min(n.label)) AS label
        FROM identity_label_ids l
        JOIN identity_edges e ON e.a = l.id
        JOIN identity_label_ids n ON n.id = e.b
        GROUP BY l.id, l.label
      )
      SELECT h.id, j.label FROM hop h JOIN hop j ON j.id = h.label;   -- a label is an identity of the component, with edges
      SELECT count(*) AS changed FROM identity_label_ids_next x JOIN identity_label_ids l USING (id) WHERE x.label <> l.label`);
    await wh.run('DROP TABLE identity_label_ids; ALTER TABLE identity_label_ids_next RENAME TO identity_label_ids');
    if (changed === 0) return iterations;
  }
}
