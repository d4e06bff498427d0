// Fellegi-Sunter matching of contacts in DuckDB: blocking, comparison levels, u from random pairs, m by EM, weight and probability per candidate pair.
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident, literal } from '../warehouse/warehouse.js';
import { comparisons, levelSql, soundexMacro } from './match-comparisons.js';
import { estimateParameters, ruleFlag, ruleName, type RuleEstimate } from './match-estimate.js';
import type { MatchConfig } from './match-config.js';

/** What a matching build did; `converged` false means EM stopped at maxIterations with m still moving. */
export interface MatchResult {
  readonly records: number;
  readonly candidates: number;
  readonly randomPairs: number;
  readonly iterations: number;
  /** False when the EM of some blocking rule stopped at maxIterations with parameters still moving (see `rules`). */
  readonly converged: boolean;
  /** The estimated share of candidate pairs that are one person (their mean match probability). */
  readonly matchShare: number;
  /** Probability that two contacts drawn at random are one person (the prior of every pair's weight). */
  readonly prior: number;
  readonly rules: readonly RuleEstimate[];
  readonly aboveThreshold: number;
}

const text = (f: string) => `nullif(lower(strip_accents(trim(${f}))), '')`;
/** Contacts normalised for comparing; a contact with nothing to compare is left out (and so left alone). */
const recordsSql = `CREATE OR REPLACE TEMP TABLE match_records AS
  SELECT contact_id AS record_id, ${text('first_name')} AS first_name, ${text('last_name')} AS last_name,
         nullif(lower(trim(email)), '') AS email, nullif(regexp_replace(phone, '[^0-9]', '', 'g'), '') AS phone,
         date_of_birth, ${text('street')} AS street, nullif(upper(regexp_replace(postcode, '\\s', '', 'g')), '') AS postcode, ${text('city')} AS city,
         rapport_soundex(last_name) AS surname_sound, year(date_of_birth) AS birth_year
  FROM contacts
  WHERE coalesce(${text('first_name')}, ${text('last_name')}, trim(email), trim(phone), date_of_birth::VARCHAR, trim(street), trim(postcode), trim(city)) IS NOT NULL`;


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
  // Every rule a pair agrees on (not only the first): each rule's EM reads all the pairs it compares.
  const flags = config.blocking.map((rule, i) => `coalesce(${rule.map((k) => `a.${k} = b.${k}`).join(' AND ')}, false) AS ${ruleFlag(i)}`);
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE match_gammas AS
    SELECT p.record_a, p.record_b, ${rules}[p.rule + 1] AS blocking_rule, ${flags.join(', ')}, ${levels}
    FROM (SELECT record_a, record_b, min(rule) AS rule FROM (${pairs.join(' UNION ALL ')}) GROUP BY ALL) p
    JOIN match_records a ON a.record_id = p.record_a JOIN match_records b ON b.record_id = p.record_b`);
  const estimate = await estimateParameters(warehouse, config, records);
  const priorWeight = Math.log2(estimate.prior / (1 - estimate.prior));
  const pairWeights = comparisons.map((c) => `coalesce((SELECT match_weight FROM match_parameters p WHERE p.field = ${literal(c.field)} AND p.level = g.${ident(c.field)}), 0)`);
  await warehouse.run(`CREATE OR REPLACE TABLE match_parameters AS
      SELECT field, level, label, m, u, log2(greatest(m, 1e-12) / u) AS match_weight, rules FROM match_levels_final ORDER BY field, level;
    CREATE OR REPLACE TABLE match_candidates AS
      SELECT record_a, record_b, blocking_rule, ${comparisons.map((c) => `(SELECT label FROM match_parameters p WHERE p.field = ${literal(c.field)} AND p.level = g.${ident(c.field)}) AS ${ident(c.field + '_level')}`).join(', ')},
             ${priorWeight} + ${pairWeights.join(' + ')} AS match_weight
      FROM match_gammas g ORDER BY record_a, record_b;
    ALTER TABLE match_candidates ADD COLUMN match_probability DOUBLE;
    UPDATE match_candidates SET match_probability = pow(2, match_weight) / (1 + pow(2, match_weight));`);
  const [counts] = await warehouse.all<{ candidates: number; above: number; share: number | null }>(
    `SELECT count(*)::BIGINT AS candidates, (count(*) FILTER (WHERE match_probability >= ${config.threshold}))::BIGINT AS above,
            avg(match_probability) AS share FROM match_candidates`);
  const converged = estimate.rules.every((r) => r.converged);
  const iterations = Math.max(0, ...estimate.rules.map((r) => r.iterations));
  const matchShare = counts!.share ?? 0;
  const ruleRows = estimate.rules.map((r) => `(${literal(r.rule)}, ${r.pairs}, ${r.iterations}, ${r.converged}, ${r.matchShare}, ${literal(r.excluded.join(', '))})`);
  await warehouse.run(`CREATE OR REPLACE TABLE match_estimate AS SELECT ${records}::BIGINT AS records, ${counts!.candidates}::BIGINT AS candidates,
      ${estimate.randomPairs}::BIGINT AS random_pairs, ${iterations} AS iterations, ${converged} AS converged, ${matchShare}::DOUBLE AS match_share,
      ${estimate.prior}::DOUBLE AS prior;
    CREATE OR REPLACE TABLE match_rules (rule VARCHAR, pairs BIGINT, iterations INTEGER, converged BOOLEAN, match_share DOUBLE, excluded VARCHAR);
    ${ruleRows.length === 0 ? '' : `INSERT INTO match_rules VALUES ${ruleRows.join(', ')};`}`);
  return Object.freeze({
    records, candidates: counts!.candidates, randomPairs: estimate.randomPairs, iterations, converged, matchShare,
    prior: estimate.prior, rules: estimate.rules, aboveThreshold: counts!.above,
  });
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

