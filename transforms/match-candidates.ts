// Fellegi-Sunter matching of contacts in DuckDB: blocking, comparison levels, u from random pairs, m by EM, weight and probability per candidate pair.
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident, literal } from '../warehouse/warehouse.js';
import { comparisons, levelRows, levelSql, soundexMacro } from './match-comparisons.js';
import type { BlockingKey, MatchConfig } from './match-config.js';

/** What a matching build did; `converged` false means EM stopped at maxIterations with m still moving. */
export interface MatchResult {
  readonly records: number;
  readonly candidates: number;
  readonly randomPairs: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** The estimated share of candidate pairs that are one person (EM's lambda). */
  readonly matchShare: number;
  readonly aboveThreshold: number;
}

const text = (f: string) => `nullif(lower(strip_accents(trim(${f}))), '')`;
/** Contacts normalised for comparing; a contact with nothing to compare is left out (and so left alone). */
const recordsSql = `CREATE OR REPLACE TEMP TABLE match_records AS
  SELECT contact_id AS record_id, ${text('first_name')} AS first_name, ${text('last_name')} AS last_name,
         nullif(lower(trim(email)), '') AS email, nullif(regexp_replace(phone, '[^0-9]', '', 'g'), '') AS phone,
         date_of_birth, nullif(upper(regexp_replace(postcode, '\\s', '', 'g')), '') AS postcode, ${text('city')} AS city,
         rapport_soundex(last_name) AS surname_sound, year(date_of_birth) AS birth_year
  FROM contacts
  WHERE coalesce(${text('first_name')}, ${text('last_name')}, trim(email), trim(phone), date_of_birth::VARCHAR, trim(postcode), trim(city)) IS NOT NULL`;

const ruleName = (rule: readonly BlockingKey[]) => rule.join('+');
const levelColumns = comparisons.map((c) => ident(c.field));

/**
 * Builds `match_candidates` (one row per pair of contacts some blocking rule compares, with each field's level,
 * match weight and probability), `match_parameters` (m, u and weight per field level) and `match_estimate`.
 * @throws Error naming the rule when a blocking rule would compare every contact with every other, or the rules
 *   together would produce more than `maxPairs` pairs.
 */
export async function buildMatchCandidates(warehouse: Warehouse, config: MatchConfig): Promise<MatchResult> {
  await warehouse.run(soundexMacro);
  await warehouse.run(recordsSql);
  const [{ records } = { records: 0 }] = await warehouse.all<{ records: number }>('SELECT count(*)::BIGINT AS records FROM match_records');
  await checkBlocking(warehouse, config, records);

  const pairs = config.blocking.map((rule, i) => `SELECT a.record_id AS record_a, b.record_id AS record_b, ${i} AS rule
    FROM match_records a JOIN match_records b ON a.record_id < b.record_id AND ${rule.map((k) => `a.${k} = b.${k}`).join(' AND ')}`);
  const levels = comparisons.map((c) => `${levelSql(c)} AS ${ident(c.field)}`).join(',\n      ');
  const rules = `[${config.blocking.map((r) => literal(ruleName(r))).join(', ')}]`;
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE match_gammas AS
    SELECT p.record_a, p.record_b, ${rules}[p.rule + 1] AS blocking_rule, ${levels}
    FROM (SELECT record_a, record_b, min(rule) AS rule FROM (${pairs.join(' UNION ALL ')}) GROUP BY ALL) p
    JOIN match_records a ON a.record_id = p.record_a JOIN match_records b ON b.record_id = p.record_b`);

  // u: how often two different people agree at each level, from random pairs (every pair when there are few).
  const all = (records * (records - 1)) / 2;
  const numbered = '(SELECT row_number() OVER (ORDER BY record_id) - 1 AS i, * FROM match_records)';
  const random = all <= config.randomPairs
    ? 'FROM match_records a JOIN match_records b ON a.record_id < b.record_id'
    : `FROM (SELECT hash(k, 'a') % ${records} AS i, hash(k, 'b') % ${records} AS j FROM range(${config.randomPairs}) t(k)) r
       JOIN ${numbered} a ON a.i = r.i JOIN ${numbered} b ON b.i = r.j WHERE r.i <> r.j`;
  const [{ n: randomPairs } = { n: 0 }] = await warehouse.all<{ n: number }>(`SELECT count(*)::BIGINT AS n ${random}`);
  const levelList = levelRows().map((l) => `(${literal(l.field)}, ${l.level}, ${literal(l.label)}, ${l.m0})`).join(', ');
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE match_levels (field VARCHAR, level INTEGER, label VARCHAR, m DOUBLE);
    INSERT INTO match_levels VALUES ${levelList};
    CREATE OR REPLACE TEMP TABLE match_u AS
      WITH r AS (UNPIVOT (SELECT ${comparisons.map((c) => `${levelSql(c)} AS ${ident(c.field)}`).join(', ')} ${random}) ON ${levelColumns.join(', ')} INTO NAME field VALUE level)
      SELECT l.field, l.level,
             -- A level no random pair showed gets half a pair's share rather than 0 (its weight would be infinite).
             greatest(count(r.level), 0.5) / nullif(sum(count(r.level)) OVER (PARTITION BY l.field), 0) AS u
      FROM match_levels l LEFT JOIN r ON r.field = l.field AND r.level = l.level GROUP BY l.field, l.level`);
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE match_patterns AS
      SELECT row_number() OVER () AS pattern, * FROM (SELECT ${levelColumns.join(', ')}, count(*) AS pairs FROM match_gammas GROUP BY ALL);
    CREATE OR REPLACE TEMP TABLE match_pattern_levels AS
      UNPIVOT (SELECT pattern, ${levelColumns.join(', ')} FROM match_patterns) ON ${levelColumns.join(', ')} INTO NAME field VALUE level`);
  const em = await estimateM(warehouse, config);

  const lambda = em.matchShare;
  await warehouse.run(`CREATE OR REPLACE TABLE match_parameters AS
      SELECT l.field, l.level, l.label, l.m, u.u, log2(greatest(l.m, 1e-12) / u.u) AS match_weight
      FROM match_levels l JOIN match_u u USING (field, level) ORDER BY l.field, l.level;
    CREATE OR REPLACE TABLE match_candidates AS
      SELECT record_a, record_b, blocking_rule, ${comparisons.map((c) => `(SELECT label FROM match_levels WHERE field = ${literal(c.field)} AND level = g.${ident(c.field)}) AS ${ident(c.field + '_level')}`).join(', ')},
             w.match_weight, pow(2, w.match_weight) / (1 + pow(2, w.match_weight)) AS match_probability
      FROM match_gammas g JOIN (
        SELECT pattern, ${comparisons.map((c) => ident(c.field)).join(', ')}, log2(${lambda} / (1 - ${lambda})) + coalesce(s.w, 0) AS match_weight
        FROM match_patterns LEFT JOIN (SELECT pattern, sum(p.match_weight) AS w FROM match_pattern_levels JOIN match_parameters p USING (field, level) GROUP BY pattern) s USING (pattern)
      ) w ON ${comparisons.map((c) => `g.${ident(c.field)} IS NOT DISTINCT FROM w.${ident(c.field)}`).join(' AND ')}
      ORDER BY record_a, record_b;
    CREATE OR REPLACE TABLE match_estimate AS SELECT ${records}::BIGINT AS records, (SELECT count(*) FROM match_candidates) AS candidates,
      ${randomPairs}::BIGINT AS random_pairs, ${em.iterations} AS iterations, ${em.converged} AS converged, ${lambda}::DOUBLE AS match_share`);
  const [counts] = await warehouse.all<{ candidates: number; above: number }>(
    `SELECT count(*)::BIGINT AS candidates, (count(*) FILTER (WHERE match_probability >= ${config.threshold}))::BIGINT AS above FROM match_candidates`);
  return Object.freeze({ records, candidates: counts!.candidates, randomPairs, iterations: em.iterations, converged: em.converged, matchShare: lambda, aboveThreshold: counts!.above });
}

/** Refuses a rule that compares everyone with everyone, and rules that together exceed `maxPairs`. */
async function checkBlocking(warehouse: Warehouse, config: MatchConfig, records: number): Promise<void> {
  let total = 0;
  for (const rule of config.blocking) {
    const [cost] = await warehouse.all<{ pairs: number | null; largest: number | null }>(`SELECT sum(n * (n - 1) / 2)::DOUBLE AS pairs, max(n)::BIGINT AS largest
      FROM (SELECT count(*) AS n FROM match_records WHERE ${rule.map((k) => `${k} IS NOT NULL`).join(' AND ')} GROUP BY ${rule.join(', ')})`);
    if (records > 2 && cost?.largest === records)
      throw new Error(`match: blocking rule [${rule.join(', ')}] puts all ${records} contacts in one block, so it would compare everyone with everyone; use a key that tells contacts apart`);
    total += cost?.pairs ?? 0;
    if (total > config.maxPairs)
      throw new Error(`match: blocking rules up to [${rule.join(', ')}] would compare ${total} pairs, more than maxPairs ${config.maxPairs}; make that rule stricter (add a key) or raise maxPairs`);
  }
}

/** EM for m (u fixed, as Splink does) over the distinct comparison patterns, in SQL; stops when nothing moves by more than the tolerance. */
async function estimateM(warehouse: Warehouse, config: MatchConfig): Promise<{ iterations: number; converged: boolean; matchShare: number }> {
  let lambda = config.em.initialMatchShare;
  for (let iteration = 1; iteration <= config.em.maxIterations; iteration++) {
    // E: each pattern's probability of being one person; M: m per level = expected matches at the level / expected matches with the field present.
    await warehouse.run(`CREATE OR REPLACE TEMP TABLE match_posterior AS
        SELECT p.pattern, p.pairs, 1 / (1 + ((1 - ${lambda}) / ${lambda}) * exp(coalesce(s.lu - s.lm, 0))) AS prob
        FROM match_patterns p LEFT JOIN (
          SELECT pattern, sum(ln(greatest(l.m, 1e-12))) AS lm, sum(ln(u.u)) AS lu
          FROM match_pattern_levels JOIN match_levels l USING (field, level) JOIN match_u u USING (field, level) GROUP BY pattern) s USING (pattern);
      CREATE OR REPLACE TEMP TABLE match_levels_next AS
        SELECT l.field, l.level, l.label, coalesce(e.w / nullif(sum(e.w) OVER (PARTITION BY l.field), 0), l.m) AS m
        FROM match_levels l LEFT JOIN (SELECT field, level, sum(prob * pairs) AS w FROM match_pattern_levels JOIN match_posterior USING (pattern) GROUP BY ALL) e
          USING (field, level)`);
    const [step] = await warehouse.all<{ lambda: number | null; change: number | null }>(`SELECT
        (SELECT sum(prob * pairs) / sum(pairs) FROM match_posterior) AS lambda,
        (SELECT max(abs(n.m - o.m)) FROM match_levels_next n JOIN match_levels o USING (field, level)) AS change`);
    // Fields with no candidate pair present keep their m (the window sum is 0): their levels never weigh anything.
    await warehouse.run('UPDATE match_levels_next SET m = coalesce(m, 0); CREATE OR REPLACE TEMP TABLE match_levels AS SELECT * FROM match_levels_next');
    const next = step?.lambda ?? lambda;
    const change = Math.max(step?.change ?? 0, Math.abs(next - lambda));
    lambda = Math.min(Math.max(next, 1e-9), 1 - 1e-9);
    if (change < config.em.tolerance) return { iterations: iteration, converged: true, matchShare: lambda };
  }
  return { iterations: config.em.maxIterations, converged: false, matchShare: lambda };
}
