// The match report: estimated parameters, the weight histogram of candidate pairs, links per blocking rule, and the pairs near the threshold for review.
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident } from '../warehouse/warehouse.js';
import { comparisons } from './match-comparisons.js';

/** What `rapport identities report` prints. */
export interface MatchReport {
  readonly estimate: Record<string, unknown>;
  readonly rules: readonly Record<string, unknown>[];
  readonly parameters: readonly Record<string, unknown>[];
  /** Candidate pairs per 2-bit band of match weight (`from` inclusive), and how many of them are linked. */
  readonly histogram: readonly { readonly from: number; readonly pairs: number; readonly linked: number }[];
  readonly links: number;
}

const ready = async (wh: Warehouse) =>
  (await wh.all(`SELECT 1 FROM information_schema.tables WHERE table_name IN ('match_links', 'match_candidates', 'match_parameters', 'match_estimate', 'match_rules')`)).length === 5;

/**
 * Reads the latest matching build's tables into a report.
 * @throws Error when matching has not run in this warehouse (no `match` in the config, or no identities step since).
 */
export async function matchReport(wh: Warehouse): Promise<MatchReport> {
  if (!(await ready(wh))) throw new Error('match report: matching has not run in this warehouse (add `match: {}` to the config and run the daily pipeline)');
  const [estimate] = await wh.all<Record<string, unknown>>('SELECT * EXCLUDE (config_hash) FROM match_estimate');
  // Links per rule: the first rule that compared each linked pair (accepted pairs no rule compared count as "review").
  const rules = await wh.all<Record<string, unknown>>(`
    SELECT r.*, coalesce(n.links, 0)::BIGINT AS links FROM match_rules r
    LEFT JOIN (SELECT c.blocking_rule, count(*) AS links FROM match_links l JOIN match_candidates c USING (record_a, record_b) GROUP BY ALL) n
      ON n.blocking_rule = r.rule ORDER BY r.rule`);
  const parameters = await wh.all<Record<string, unknown>>('SELECT field, label, m, u, match_weight, rules FROM match_parameters ORDER BY field, level');
  const histogram = await wh.all<{ from: number; pairs: number; linked: number }>(`
    SELECT (floor(c.match_weight / 2) * 2)::INTEGER AS "from", count(*)::BIGINT AS pairs, count(l.via)::BIGINT AS linked
    FROM match_candidates c LEFT JOIN match_links l USING (record_a, record_b) GROUP BY ALL ORDER BY 1`);
  const [{ links } = { links: 0 }] = await wh.all<{ links: number }>('SELECT count(*)::BIGINT AS links FROM match_links');
  return { estimate: estimate ?? {}, rules, parameters, histogram: histogram.map((h) => ({ from: h.from, pairs: Number(h.pairs), linked: Number(h.linked) })), links: Number(links) };
}

/** One pair for review, with how its fields compared. */
export interface ReviewPair {
  readonly recordA: string;
  readonly recordB: string;
  readonly matchWeight: number;
  readonly matchProbability: number;
  readonly linked: boolean;
  readonly levels: Readonly<Record<string, string | null>>;
}

/**
 * Undecided candidate pairs whose weight is within `bits` of the threshold's weight (log2(t / (1 - t))), closest
 * first: the pairs a person should look at.
 * @throws Error when matching has not run in this warehouse.
 */
export async function reviewPairs(wh: Warehouse, threshold: number, bits: number, limit: number): Promise<ReviewPair[]> {
  if (!(await ready(wh))) throw new Error('identities review: matching has not run in this warehouse (add `match: {}` to the config and run the daily pipeline)');
  const at = Math.log2(threshold / (1 - threshold));
  const rows = await wh.all<Record<string, string | number | boolean | null>>(`
    SELECT c.record_a, c.record_b, c.match_weight, c.match_probability, l.via IS NOT NULL AS linked,
           ${comparisons.map((x) => `c.${ident(x.field + '_level')}`).join(', ')}
    FROM match_candidates c LEFT JOIN match_links l USING (record_a, record_b)
    WHERE abs(c.match_weight - ${at}) <= ${bits}
      AND NOT EXISTS (SELECT 1 FROM match_decisions d WHERE d.record_a = c.record_a AND d.record_b = c.record_b)
    ORDER BY abs(c.match_weight - ${at}), c.record_a, c.record_b LIMIT ${limit}`);
  return rows.map((r) => ({
    recordA: String(r.record_a), recordB: String(r.record_b), matchWeight: Number(r.match_weight), matchProbability: Number(r.match_probability),
    linked: r.linked === true, levels: Object.fromEntries(comparisons.map((x) => [x.field, r[x.field + '_level'] as string | null])),
  }));
}
