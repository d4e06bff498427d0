// Estimates the Fellegi-Sunter parameters of contact matching in DuckDB: u from random pairs, m by EM once per blocking rule without that rule's own fields, and the prior.
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident, literal } from '../warehouse/warehouse.js';
import { comparisons, levelRows, levelSql } from './match-comparisons.js';
import { keyFields, type MatchConfig } from './match-config.js';

/** What EM did for one blocking rule, over the candidate pairs that rule compares. */
export interface RuleEstimate {
  readonly rule: string;
  readonly pairs: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** EM's share of this rule's pairs that are one person. */
  readonly matchShare: number;
  /** Fields left out of this rule's EM: they agree on every pair the rule compares, so they cannot tell m. */
  readonly excluded: readonly string[];
}

/** The parameters as estimated: TEMP `match_levels_final` (field, level, label, m, u, rules) plus these figures. */
export interface Estimate {
  readonly randomPairs: number;
  readonly rules: readonly RuleEstimate[];
  /** Probability that two contacts drawn at random are one person. */
  readonly prior: number;
}

/** The floor of each rule's m: this many expected matches (half one), over the rule's expected matches with the field present. */
export const mFloorMatches = 0.5;

const levelColumns = comparisons.map((c) => ident(c.field));
export const ruleName = (rule: readonly string[]) => rule.join('+');
/** The flag column of `match_gammas` saying whether a pair agrees on every key of rule `i`. */
export const ruleFlag = (i: number) => `rule_${i}`;

/**
 * From TEMP `match_records` and `match_gammas` (each candidate pair's levels and rule flags), estimates m and u per
 * field level and the prior. u: how often two different people agree at a level, from `randomPairs` random pairs
 * (every pair when there are fewer; a level no random pair showed counts half a pair, so its weight stays finite).
 * m: EM (u held fixed) over the pairs of each blocking rule in turn, that rule's own fields left out (two contacts in
 * one postcode block agree on postcode and city whoever they are, so those pairs say nothing about them), then
 * averaged over the rules that estimated it, as Splink does. The prior: each rule's expected matches divided by the
 * share of all matches that rule finds (estimated by the other rules' EM), averaged, over every possible pair.
 */
export async function estimateParameters(warehouse: Warehouse, config: MatchConfig, records: number): Promise<Estimate> {
  const randomPairs = await estimateU(warehouse, config, records);
  let pass = await estimatePass(warehouse, config, records);
  // Random pairs include pairs of one person: with few contacts per person that is a share comparable to the u of a
  // rare level ("same street and postcode"), which would make it look common. Take them out once m and the prior are
  // known (u = (share of random pairs - prior * m) / (1 - prior)), then estimate m again with the corrected u.
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE match_u AS
    SELECT field, level, c / sum(c) OVER (PARTITION BY field) AS u FROM (
      SELECT r.field, r.level, greatest((r.u - ${pass.prior} * f.m) / (1 - ${pass.prior}), r.floor) AS c
      FROM match_u_random r JOIN match_levels_final f USING (field, level))`);
  pass = await estimatePass(warehouse, config, records);
  return { randomPairs, ...pass };
}

/** Per-rule EM with the current `match_u`, averaged into TEMP `match_levels_final`, and the prior. */
async function estimatePass(warehouse: Warehouse, config: MatchConfig, records: number): Promise<Omit<Estimate, 'randomPairs'>> {
  await warehouse.run('CREATE OR REPLACE TEMP TABLE match_rule_m (rule INTEGER, field VARCHAR, level INTEGER, m DOUBLE)');
  const rules: RuleEstimate[] = [];
  const finds: number[][] = config.blocking.map(() => []);
  for (const [i, rule] of config.blocking.entries()) {
    const excluded = [...new Set(rule.flatMap((k) => keyFields[k]))];
    const estimate = await estimateRule(warehouse, config, i, excluded);
    rules.push({ rule: ruleName(rule), excluded, ...estimate });
    // How many of this rule's expected matches each other rule would also have compared.
    if (estimate.pairs === 0) continue;
    const [share] = await warehouse.all<Record<string, number | null>>(`SELECT ${config.blocking.map((_, j) =>
      `sum(prob * pairs) FILTER (WHERE ${ruleFlag(j)}) / nullif(sum(prob * pairs), 0) AS r${j}`).join(', ')} FROM match_posterior`);
    config.blocking.forEach((_, j) => { if (j !== i && share?.[`r${j}`] != null) finds[j]!.push(share[`r${j}`]!); });
  }
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE match_levels_final AS
    SELECT l.field, l.level, l.label, coalesce(avg(r.m), any_value(l.m0)) AS m, u.u, count(r.m)::INTEGER AS rules
    FROM match_levels_start l JOIN match_u u USING (field, level) LEFT JOIN match_rule_m r USING (field, level)
    GROUP BY ALL ORDER BY l.field, l.level`);
  return { rules, prior: prior(rules, finds, records) };
}

/**
 * Matches in all = a rule's expected matches / the share of matches it finds; with one rule there is nothing to tell
 * that share, so it counts as 1 (the prior is then a lower bound). Clamped away from 0 and 1 to keep weights finite.
 */
function prior(rules: readonly RuleEstimate[], finds: readonly number[][], records: number): number {
  const totals = rules.flatMap((r, j) => {
    if (r.pairs === 0) return [];
    const found = finds[j]!.length === 0 ? 1 : finds[j]!.reduce((a, b) => a + b, 0) / finds[j]!.length;
    return found > 0 ? [(r.matchShare * r.pairs) / found] : [];
  });
  const all = (records * (records - 1)) / 2;
  if (totals.length === 0 || all === 0) return 1e-9;
  return Math.min(Math.max(totals.reduce((a, b) => a + b, 0) / totals.length / all, 1e-9), 1 - 1e-9);
}

/** TEMP `match_levels_start` (starting m), `match_u_random` (share of random pairs per level) and `match_u`; returns the number of random pairs drawn. */
async function estimateU(warehouse: Warehouse, config: MatchConfig, records: number): Promise<number> {
  const all = (records * (records - 1)) / 2;
  const numbered = '(SELECT row_number() OVER (ORDER BY record_id) - 1 AS i, * FROM match_records)';
  const random = all <= config.randomPairs
    ? 'FROM match_records a JOIN match_records b ON a.record_id < b.record_id'
    : `FROM (SELECT hash(k, 'a') % ${records} AS i, hash(k, 'b') % ${records} AS j FROM range(${config.randomPairs}) t(k)) r
       JOIN ${numbered} a ON a.i = r.i JOIN ${numbered} b ON b.i = r.j WHERE r.i <> r.j`;
  const [{ n } = { n: 0 }] = await warehouse.all<{ n: number }>(`SELECT count(*)::BIGINT AS n ${random}`);
  const levelList = levelRows().map((l) => `(${literal(l.field)}, ${l.level}, ${literal(l.label)}, ${l.m0})`).join(', ');
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE match_levels_start (field VARCHAR, level INTEGER, label VARCHAR, m0 DOUBLE);
    INSERT INTO match_levels_start VALUES ${levelList};
    CREATE OR REPLACE TEMP TABLE match_u_random AS
      WITH r AS (UNPIVOT (SELECT ${comparisons.map((c) => `${levelSql(c)} AS ${ident(c.field)}`).join(', ')} ${random}) ON ${levelColumns.join(', ')} INTO NAME field VALUE level)
      SELECT l.field, l.level,
             greatest(count(r.level), 0.5) / nullif(sum(count(r.level)) OVER (PARTITION BY l.field), 0) AS u,
             -- A level no random pair showed gets half a pair's share rather than 0 (its weight would be infinite).
             0.5 / nullif(sum(count(r.level)) OVER (PARTITION BY l.field), 0) AS floor
      FROM match_levels_start l LEFT JOIN r ON r.field = l.field AND r.level = l.level GROUP BY l.field, l.level;
    CREATE OR REPLACE TEMP TABLE match_u AS SELECT field, level, u FROM match_u_random;`);
  return Number(n);
}

/** EM over the pairs rule `i` compares, `excluded` fields left out; its m go to `match_rule_m`, its posteriors stay in TEMP `match_posterior`. */
async function estimateRule(warehouse: Warehouse, config: MatchConfig, i: number, excluded: readonly string[]):
  Promise<{ pairs: number; iterations: number; converged: boolean; matchShare: number }> {
  const kept = comparisons.filter((c) => !excluded.includes(c.field)).map((c) => ident(c.field));
  const flags = config.blocking.map((_, j) => ruleFlag(j));
  await warehouse.run(`CREATE OR REPLACE TEMP TABLE match_patterns AS
      SELECT row_number() OVER () AS pattern, * FROM (
        SELECT ${[...kept, ...flags].join(', ')}, count(*) AS pairs FROM match_gammas WHERE ${ruleFlag(i)} GROUP BY ALL);
    CREATE OR REPLACE TEMP TABLE match_pattern_levels (pattern BIGINT, field VARCHAR, level INTEGER);
    ${kept.length === 0 ? '' : `INSERT INTO match_pattern_levels
      SELECT pattern, field, level FROM (UNPIVOT (SELECT pattern, ${kept.join(', ')} FROM match_patterns) ON ${kept.join(', ')} INTO NAME field VALUE level);`}
    CREATE OR REPLACE TEMP TABLE match_levels AS SELECT field, level, m0 AS m FROM match_levels_start;`);
  const [{ pairs } = { pairs: 0 }] = await warehouse.all<{ pairs: number }>('SELECT coalesce(sum(pairs), 0)::DOUBLE AS pairs FROM match_patterns');
  if (pairs === 0) {
    await warehouse.run('CREATE OR REPLACE TEMP TABLE match_posterior AS SELECT *, 0.0 AS prob FROM match_patterns');
    return { pairs: 0, iterations: 0, converged: true, matchShare: config.em.initialMatchShare };
  }
  const em = await runEm(warehouse, config);
  // Only levels of fields some pair of this rule had (a field missing on every pair keeps nothing to average). No m
  // below half an expected match: EM gives m = 0 to a level none of the rule's pairs showed, and log2(0 / u) would
  // make one such field outweigh every other (-40 bits and more); with W expected matches the data cannot tell a
  // share below 0.5 / W, as u counts an unseen level as half a random pair (docs/matching.md, "m floor").
  await warehouse.run(`INSERT INTO match_rule_m SELECT ${i}, l.field, l.level, greatest(l.m, ${mFloorMatches} / f.w) FROM match_levels l
    JOIN (SELECT field, sum(prob * pairs) AS w FROM match_pattern_levels JOIN match_posterior USING (pattern) GROUP BY field HAVING sum(prob * pairs) > 0) f
      USING (field)`);
  return { pairs, ...em };
}

/** EM for m (u fixed) over TEMP `match_patterns`, in SQL; stops when no m and not the match share moves by more than the tolerance. */
async function runEm(warehouse: Warehouse, config: MatchConfig): Promise<{ iterations: number; converged: boolean; matchShare: number }> {
  let lambda = config.em.initialMatchShare;
  for (let iteration = 1; iteration <= config.em.maxIterations; iteration++) {
    // E: each pattern's probability of being one person; M: m per level = expected matches at the level / expected matches with the field present.
    await warehouse.run(`CREATE OR REPLACE TEMP TABLE match_posterior AS
        SELECT p.*, 1 / (1 + ((1 - ${lambda}) / ${lambda}) * exp(coalesce(s.lu - s.lm, 0))) AS prob
        FROM match_patterns p LEFT JOIN (
          SELECT pattern, sum(ln(greatest(l.m, 1e-12))) AS lm, sum(ln(u.u)) AS lu
          FROM match_pattern_levels JOIN match_levels l USING (field, level) JOIN match_u u USING (field, level) GROUP BY pattern) s USING (pattern);
      CREATE OR REPLACE TEMP TABLE match_levels_next AS
        -- A level no pair showed gets m 0 when its field has pairs; a field no pair has keeps its m (it weighs nothing).
        SELECT l.field, l.level, coalesce(coalesce(e.w, 0) / nullif(sum(e.w) OVER (PARTITION BY l.field), 0), l.m) AS m
        FROM match_levels l LEFT JOIN (SELECT field, level, sum(prob * pairs) AS w FROM match_pattern_levels JOIN match_posterior USING (pattern) GROUP BY ALL) e
          USING (field, level)`);
    const [step] = await warehouse.all<{ lambda: number | null; change: number | null }>(`SELECT
        (SELECT sum(prob * pairs) / sum(pairs) FROM match_posterior) AS lambda,
        (SELECT max(abs(n.m - o.m)) FROM match_levels_next n JOIN match_levels o USING (field, level)) AS change`);
    await warehouse.run('CREATE OR REPLACE TEMP TABLE match_levels AS SELECT * FROM match_levels_next');
    const next = step?.lambda ?? lambda;
    const change = Math.max(step?.change ?? 0, Math.abs(next - lambda));
    lambda = Math.min(Math.max(next, 1e-9), 1 - 1e-9);
    if (change < config.em.tolerance) return { iterations: iteration, converged: true, matchShare: lambda };
  }
  return { iterations: config.em.maxIterations, converged: false, matchShare: lambda };
}
