// Why two contacts were linked probabilistically: each compared field's level and the weight it added, for `rapport customer` and the web profile.
import type { Warehouse } from '../warehouse/warehouse.js';
import { ident, literal } from '../warehouse/warehouse.js';
import { comparisons } from './match-comparisons.js';

/** One probabilistic link of a customer with the evidence for it. */
export interface MatchExplanation {
  readonly via: string;
  readonly recordA: string;
  readonly recordB: string;
  /** NULL when accepted in review although no blocking rule compared the pair. */
  readonly matchWeight: number | null;
  readonly matchProbability: number | null;
  readonly decision: string | null;
  readonly blockingRule: string | null;
  /** log2 of the prior odds: where every pair starts before its fields are compared. */
  readonly priorWeight: number | null;
  /** Each compared field: its level ('exact', 'else', ...; null when a value is missing, which adds nothing) and weight. */
  readonly fields: readonly { readonly field: string; readonly level: string | null; readonly weight: number }[];
}

/**
 * The probabilistic links (`match_links`) between contacts of customer `customerId`, strongest first; none when
 * matching has never run.
 * @example (await explainMatches(wh, 'cus_0a1b2c3d4e5f'))[0].fields // [{ field: 'first_name', level: 'exact', weight: 6.1 }, ...]
 */
export async function explainMatches(wh: Warehouse, customerId: string): Promise<MatchExplanation[]> {
  const exists = await wh.all(`SELECT 1 FROM information_schema.tables WHERE table_name IN ('match_links', 'match_candidates', 'match_parameters', 'match_estimate')`);
  if (exists.length < 4) return [];
  const levels = comparisons.map((c) => `c.${ident(c.field + '_level')} AS ${ident(c.field)}`).join(', ');
  const weights = comparisons.map((c) =>
    `(SELECT p.match_weight FROM match_parameters p WHERE p.field = ${literal(c.field)} AND p.label = c.${ident(c.field + '_level')}) AS ${ident('w_' + c.field)}`).join(', ');
  const rows = await wh.all<Record<string, string | number | null>>(`
    SELECT l.via, l.record_a, l.record_b, l.match_weight, l.match_probability, l.decision, c.blocking_rule,
           (SELECT log2(prior / (1 - prior)) FROM match_estimate) AS prior_weight, ${levels}, ${weights}
    FROM match_links l LEFT JOIN match_candidates c USING (record_a, record_b)
    WHERE 'record:contacts:' || l.record_a IN (SELECT identity FROM identities WHERE customer_id = $1)
    ORDER BY l.match_weight DESC NULLS LAST, l.via`, [customerId]);
  return rows.map((r) => ({
    via: String(r.via), recordA: String(r.record_a), recordB: String(r.record_b),
    matchWeight: r.match_weight as number | null, matchProbability: r.match_probability as number | null,
    decision: r.decision as string | null, blockingRule: r.blocking_rule as string | null, priorWeight: r.prior_weight as number | null,
    fields: comparisons.map((c) => ({ field: c.field, level: r[c.field] as string | null, weight: r.match_weight === null ? 0 : Number(r['w_' + c.field] ?? 0) })),
  }));
}
