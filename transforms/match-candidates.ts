// Fellegi-Sunter matching of contacts in DuckDB: blocking, comparison levels, u from random pairs, m by EM, weight and probability per candidate pair.
import { createHash } from 'node:crypto';
import { parseDuration } from '../shared/duration.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident, literal } from '../warehouse/warehouse.js';
import { comparisons, levelSql, soundexMacro } from './match-comparisons.js';
import { estimateParameters, ruleFlag, ruleName, type RuleEstimate } from './match-estimate.js';
import type { MatchConfig } from './match-config.js';

/** What a matching build did; `converged` false means some rule's EM stopped at maxIterations with m still moving. */
export interface MatchResult {
  readonly records: number;
  readonly candidates: number;
  /** Pairs scored by this build (all candidates, or those with a contact loaded since the last build). */
  readonly scored: number;
  /** Whether this build estimated the parameters (otherwise the stored ones were used, and the figures below are theirs). */
  readonly estimated: boolean;
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
const list = (values: readonly string[]) => `[${values.map(literal).join(', ')}]::VARCHAR[]`;
/** Contacts normalised for comparing; a contact with nothing to compare is left out (and so left alone); a blocked value is missing. */
const recordsSql = (blocked: NonNullable<MatchOptions['blocked']>) => `CREATE OR REPLACE TEMP TABLE match_records AS
  SELECT record_id, first_name, last_name, CASE WHEN NOT list_contains(${list(blocked.email)}, email) THEN email END AS email,
         CASE WHEN NOT list_contains(${list(blocked.phone)}, phone) THEN phone END AS phone,
         date_of_birth, street, postcode, city, surname_sound, birth_year FROM (
  SELECT contact_id AS record_id, ${text('first_name')} AS first_name, ${text('last_name')} AS last_name,
         nullif(lower(trim(email)), '') AS email, nullif(regexp_replace(phone, '[^0-9]', '', 'g'), '') AS phone,
         date_of_birth, ${text('street')} AS street, nullif(upper(regexp_replace(postcode, '\\s', '', 'g')), '') AS postcode, ${text('city')} AS city,
         rapport_soundex(last_name) AS surname_sound, year(date_of_birth) AS birth_year
  FROM contacts
  WHERE coalesce(${text('first_name')}, ${text('last_name')}, trim(email), trim(phone), date_of_birth::VARCHAR, trim(street), trim(postcode), trim(city)) IS NOT NULL)`;


/** How a matching build reads the contacts: all of them, or those loaded in (since, until] against all. */
export interface MatchOptions {
  /** Estimate m, u and the prior again even when stored ones fit the config. */
  readonly reestimate?: boolean;
  /** Score only pairs with a contact loaded after this time (TIMESTAMP text) and up to `until`; others keep their rows. */
  readonly since?: string;
  readonly until?: string;
  /** When the estimate is made (recorded in match_estimate; a transform does not read the clock). */
  readonly now?: Date;
  /** Emails (lower case) and phones (digits) that are evidence of nothing: compared as missing. */
  readonly blocked?: { readonly email: readonly string[]; readonly phone: readonly string[] };
}

const stamp = (d: Date | undefined) => (d === undefined ? 'NULL::TIMESTAMP' : `TIMESTAMP ${literal(d.toISOString().replace('T', ' ').replace('Z', ''))}`);

/** A fingerprint of what the parameters depend on (not the threshold): another one means estimating again. */
export function matchConfigHash(config: MatchConfig): string {
  const { threshold: _, reestimateEvery: __, ...rest } = config;
  return createHash('sha256').update(JSON.stringify([rest, comparisons])).digest('hex').slice(0, 16);
}

/**
 * Builds `match_candidates` (one row per pair of contacts some blocking rule compares, with each field's level,
 * match weight and probability), and, when there is no estimate yet, the config changed, `match.reestimateEvery`
 * has passed or `reestimate` asks, `match_parameters` (m, u and weight per field level), `match_estimate` and
 * `match_rules` (match-estimate.ts). With `since`, only pairs with a contact loaded since then are scored again
 * (through the blocking rules, with the stored parameters), so the result equals scoring every pair.
 * @throws Error naming the rule when a blocking rule would compare every contact with every other, or the rules
 *   together would produce more than `maxPairs` pairs.
 * @example await buildMatchCandidates(wh, config.match, { since: '2026-05-01 06:00:00', until: '2026-05-02 06:00:00' })
 */
export async function buildMatchCandidates(warehouse: Warehouse, config: MatchConfig, options: MatchOptions = {}): Promise<MatchResult> {
  await warehouse.run(soundexMacro);
  await warehouse.run(recordsSql(options.blocked ?? { email: [], phone: [] }));
  const [{ records } = { records: 0 }] = await warehouse.all<{ records: number }>('SELECT count(*)::BIGINT AS records FROM match_records');
  await checkBlocking(warehouse, config, records);
  const estimated = await needsEstimate(warehouse, config, options);
  const delta = !estimated && options.since !== undefined;
  if (delta) await warehouse.run(`CREATE OR REPLACE TEMP TABLE match_changed AS SELECT contact_id AS record_id FROM contacts
    WHERE _loaded_at > ${literal(options.since!)}::TIMESTAMP AND _loaded_at <= ${literal(options.until ?? 'infinity')}::TIMESTAMP`);
  await warehouse.run(gammasSql(config, delta));
  if (estimated) {
    const estimate = await estimateParameters(warehouse, config, records);
    const ruleRows = estimate.rules.map((r) => `(${literal(r.rule)}, ${r.pairs}, ${r.iterations}, ${r.converged}, ${r.matchShare}, ${literal(r.excluded.join(', '))})`);
    await warehouse.run(`CREATE OR REPLACE TABLE match_parameters AS
        SELECT field, level, label, m, u, log2(greatest(m, 1e-12) / u) AS match_weight, rules FROM match_levels_final ORDER BY field, level;
      CREATE OR REPLACE TABLE match_estimate AS SELECT ${records}::BIGINT AS records, (SELECT count(*) FROM match_gammas) AS candidates,
        ${estimate.randomPairs}::BIGINT AS random_pairs, ${Math.max(0, ...estimate.rules.map((r) => r.iterations))} AS iterations,
        ${estimate.rules.every((r) => r.converged)} AS converged, NULL::DOUBLE AS match_share, ${estimate.prior}::DOUBLE AS prior,
        ${literal(matchConfigHash(config))} AS config_hash, ${stamp(options.now)} AS estimated_at;
      CREATE OR REPLACE TABLE match_rules (rule VARCHAR, pairs BIGINT, iterations INTEGER, converged BOOLEAN, match_share DOUBLE, excluded VARCHAR);
      ${ruleRows.length === 0 ? '' : `INSERT INTO match_rules VALUES ${ruleRows.join(', ')};`}`);
  }
  const [{ prior } = { prior: 1e-9 }] = await warehouse.all<{ prior: number }>('SELECT prior FROM match_estimate');
  const pairWeights = comparisons.map((c) => `coalesce((SELECT match_weight FROM match_parameters p WHERE p.field = ${literal(c.field)} AND p.level = g.${ident(c.field)}), 0)`);
  const scored = `SELECT record_a, record_b, blocking_rule, ${comparisons.map((c) => `(SELECT label FROM match_parameters p WHERE p.field = ${literal(c.field)} AND p.level = g.${ident(c.field)}) AS ${ident(c.field + '_level')}`).join(', ')},
      ${Math.log2(prior / (1 - prior))} + ${pairWeights.join(' + ')} AS match_weight, NULL::DOUBLE AS match_probability FROM match_gammas g`;
  await warehouse.run(delta
    ? `DELETE FROM match_candidates WHERE record_a IN (SELECT record_id FROM match_changed) OR record_b IN (SELECT record_id FROM match_changed);
       INSERT INTO match_candidates ${scored};`
    : `CREATE OR REPLACE TABLE match_candidates AS ${scored} ORDER BY record_a, record_b;`);
  const [counts] = await warehouse.all<{ candidates: number; above: number; share: number | null; scored: number }>(`
    UPDATE match_candidates SET match_probability = pow(2, match_weight) / (1 + pow(2, match_weight)) WHERE match_probability IS NULL;
    UPDATE match_estimate SET match_share = (SELECT avg(match_probability) FROM match_candidates) WHERE match_share IS NULL;
    SELECT count(*)::BIGINT AS candidates, (count(*) FILTER (WHERE match_probability >= ${config.threshold}))::BIGINT AS above,
           avg(match_probability) AS share, (SELECT count(*) FROM match_gammas)::BIGINT AS scored FROM match_candidates`);
  await warehouse.run(['match_gammas', 'match_changed', 'match_u', 'match_u_random', 'match_levels', 'match_levels_next', 'match_levels_start',
    'match_levels_final', 'match_patterns', 'match_pattern_levels', 'match_posterior', 'match_rule_m'].map((x) => `DROP TABLE IF EXISTS temp.${x};`).join('\n'));
  const [est] = await warehouse.all<{ random_pairs: number; iterations: number; converged: boolean; match_share: number }>('SELECT * FROM match_estimate');
  const rules = (await warehouse.all<{ rule: string; pairs: number; iterations: number; converged: boolean; match_share: number; excluded: string }>('SELECT * FROM match_rules'))
    .map((r) => ({ rule: r.rule, pairs: Number(r.pairs), iterations: r.iterations, converged: r.converged, matchShare: r.match_share, excluded: r.excluded === '' ? [] : r.excluded.split(', ') }));
  return Object.freeze({
    records, candidates: Number(counts!.candidates), scored: Number(counts!.scored), estimated, randomPairs: Number(est!.random_pairs), iterations: est!.iterations,
    converged: est!.converged, matchShare: counts!.share ?? 0, prior, rules, aboveThreshold: Number(counts!.above),
  });
}

/** Whether m, u and the prior must be estimated (again) before scoring. */
async function needsEstimate(warehouse: Warehouse, config: MatchConfig, options: MatchOptions): Promise<boolean> {
  if (options.reestimate) return true;
  const stored = await warehouse.all<{ config_hash: string; estimated_at: string | null }>(`SELECT config_hash, estimated_at::VARCHAR AS estimated_at FROM match_estimate
    WHERE EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'match_estimate' AND column_name = 'config_hash')`).catch(() => []);
  const [row] = stored;
  if (row === undefined || row.config_hash !== matchConfigHash(config)) return true;
  const every = parseDuration(config.reestimateEvery);
  return options.now !== undefined && row.estimated_at !== null && every !== undefined
    && options.now.getTime() - Date.parse(row.estimated_at.replace(' ', 'T') + 'Z') >= every;
}

/**
 * TEMP `match_gammas`: each pair some blocking rule compares (every pair, or with `delta` those with a contact in
 * TEMP `match_changed`), the first rule that compares it, a flag per rule it agrees on, and each field's level.
 */
function gammasSql(config: MatchConfig, delta: boolean): string {
  const pairs = config.blocking.map((rule, i) => delta
    ? `SELECT least(a.record_id, b.record_id) AS record_a, greatest(a.record_id, b.record_id) AS record_b, ${i} AS rule
       FROM match_records a JOIN match_records b ON a.record_id <> b.record_id AND ${rule.map((k) => `a.${k} = b.${k}`).join(' AND ')}
       WHERE a.record_id IN (SELECT record_id FROM match_changed)`
    : `SELECT a.record_id AS record_a, b.record_id AS record_b, ${i} AS rule
       FROM match_records a JOIN match_records b ON a.record_id < b.record_id AND ${rule.map((k) => `a.${k} = b.${k}`).join(' AND ')}`);
  const levels = comparisons.map((c) => `${levelSql(c)} AS ${ident(c.field)}`).join(',\n      ');
  const rules = `[${config.blocking.map((r) => literal(ruleName(r))).join(', ')}]`;
  // Every rule a pair agrees on (not only the first): each rule's EM reads all the pairs it compares.
  const flags = config.blocking.map((rule, i) => `coalesce(${rule.map((k) => `a.${k} = b.${k}`).join(' AND ')}, false) AS ${ruleFlag(i)}`);
  return `CREATE OR REPLACE TEMP TABLE match_gammas AS
    SELECT p.record_a, p.record_b, ${rules}[p.rule + 1] AS blocking_rule, ${flags.join(', ')}, ${levels}
    FROM (SELECT record_a, record_b, min(rule) AS rule FROM (${pairs.join(' UNION ALL ')}) GROUP BY ALL) p
    JOIN match_records a ON a.record_id = p.record_a JOIN match_records b ON b.record_id = p.record_b`;
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

