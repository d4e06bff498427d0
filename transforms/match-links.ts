// Puts probabilistic matches into an identity build: contact pairs above the threshold (or accepted in review, less those rejected) become links between the two contacts' record identities.
import type { Warehouse } from '../warehouse/warehouse.js';
import type { IdentityConfig } from './identity-config.js';
import { buildMatchCandidates, type MatchResult } from './match-candidates.js';
import type { MatchConfig } from './match-config.js';

/** The identity of a contact in the graph (identity-links.sql values kind 'record' as 'contacts:<id>'). */
export const contactIdentity = (column: string) => `'record:contacts:' || ${column}`;

/** What the identity build tells matching: whether it links everything again, and which contacts are new. */
export interface MatchLinkPlan {
  readonly full: boolean;
  readonly since: string;
  readonly until: string;
}

/**
 * Scores contacts (new and changed ones only, unless there is no estimate yet or `reestimate`), then writes
 * `match_links` (via 'match:<a>|<b>', the pair, its weight and probability, the review decision if any) and adds the
 * links that changed since the last build to TEMP `identity_changed_records` and `identity_links_new` (all of them in a
 * full build), so the identity build treats them like any record that links two identities.
 * Blocked emails and phones of the identity config count as missing in the comparison.
 */
export async function addMatchLinks(wh: Warehouse, config: MatchConfig, identity: IdentityConfig, plan: MatchLinkPlan,
  options: { readonly reestimate?: boolean; readonly now?: Date } = {}): Promise<MatchResult> {
  const blocked = {
    email: identity.blocked.email.map((e) => e.trim().toLowerCase()),
    phone: identity.blocked.phone.map((p) => p.replace(/[^0-9]/g, '')),
  };
  const result = await buildMatchCandidates(wh, config, {
    ...(plan.since === '-infinity' ? {} : { since: plan.since }), until: plan.until, blocked,
    ...(options.reestimate ? { reestimate: true } : {}), ...(options.now ? { now: options.now } : {}),
  });
  await wh.run(`
    CREATE OR REPLACE TABLE match_links AS
    WITH decided AS (SELECT record_a, record_b, decision FROM match_decisions),
    linked AS (
      SELECT c.record_a, c.record_b, c.match_weight, c.match_probability, d.decision
      FROM match_candidates c LEFT JOIN decided d USING (record_a, record_b)
      WHERE (c.match_probability >= ${config.threshold} AND d.decision IS DISTINCT FROM 'reject') OR d.decision = 'accept'
      UNION ALL                                             -- accepted in review though no blocking rule compares them
      SELECT d.record_a, d.record_b, NULL, NULL, d.decision FROM decided d
      WHERE d.decision = 'accept' AND NOT EXISTS (SELECT 1 FROM match_candidates c WHERE c.record_a = d.record_a AND c.record_b = d.record_b)
        AND d.record_a IN (SELECT contact_id FROM contacts) AND d.record_b IN (SELECT contact_id FROM contacts)
    )
    SELECT 'match:' || record_a || '|' || record_b AS via, record_a, record_b, 'probabilistic' AS kind, match_weight, match_probability, decision
    FROM linked ORDER BY record_a, record_b;
    ${plan.full ? '' : `
    INSERT INTO identity_changed_records
    SELECT via FROM ((SELECT via FROM match_links EXCEPT SELECT via FROM identity_links WHERE via LIKE 'match:%')
      UNION (SELECT via FROM identity_links WHERE via LIKE 'match:%' EXCEPT SELECT via FROM match_links));`}
    INSERT INTO identity_links_new
    SELECT via, identity FROM (
      SELECT via, ${contactIdentity('record_a')} AS identity FROM match_links UNION ALL SELECT via, ${contactIdentity('record_b')} FROM match_links)
    ${plan.full ? '' : "WHERE via IN (SELECT via FROM identity_changed_records WHERE via LIKE 'match:%')"};`);
  return result;
}
