// Gathers one customer's 360 profile for the Customer page (finding the customer is transforms/customer-lookup.ts).
import type { Warehouse } from '../warehouse/warehouse.js';
import type { DB } from '../transforms/contracts/index.js';
import { customerObservationsSql } from '../transforms/customer-lineage.js';
import { explainMatches, type MatchExplanation } from '../transforms/match-explanations.js';
import { queryBuilder, selectRows } from '../warehouse/query-builder.js';

/** A customer id as the identities transform writes them; anything else is never put into SQL or a URL. */
export const customerIdPattern = /^[A-Za-z0-9_.:-]{1,80}$/;

const db = queryBuilder<DB>();

export interface CustomerProfile {
  readonly customer: Record<string, unknown>;
  readonly identities: readonly Pick<DB['identities'], 'kind' | 'value' | 'first_seen' | 'last_seen' | 'records'>[];
  /** Records in which two or more of the customer's identities appeared together: why they were linked. */
  readonly links: readonly { source: string; record_id: string; identities: string[]; seen: Date }[];
  readonly rfm: readonly Pick<DB['rfm_history'], 'as_of' | 'segment' | 'recency_days' | 'frequency' | 'monetary' | 'r_score' | 'f_score' | 'm_score'>[];
  readonly clv: Record<string, unknown> | null;
  readonly interactions: readonly { source: string; record_id: string; kinds: string; at: Date }[];
  /** Contacts linked probabilistically (docs/matching.md), with each compared field's level and weight. */
  readonly probabilistic: readonly MatchExplanation[];
  /** Next-best products with their reasons, rank 1 first (empty before product_recommendations is built). */
  readonly recommendations: readonly Pick<DB['product_recommendations'], 'rank' | 'sku' | 'reason'>[];
  readonly preferences: Pick<DB['customer_preferences'], 'top_category' | 'best_send_day' | 'best_send_hour' | 'send_time_events' | 'expected_next_order'> | null;
}

const tableExists = async (wh: Warehouse, name: string) =>
  (await wh.all<{ n: number }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = $1`, [name]))[0]!.n > 0;

/** The profile of `customerId`, or null when there is no such customer. Tables not built yet show as empty. */
export async function customerProfile(wh: Warehouse, customerId: string): Promise<CustomerProfile | null> {
  // selectAll: every column customer_360 has now (channels add theirs), shown as they come.
  const [customer] = await selectRows<Record<string, unknown>>(wh, db.selectFrom('customer_360').selectAll().where('customer_id', '=', customerId));
  if (!customer) return null;
  const identities = await selectRows(wh, db.selectFrom('identities').select(['kind', 'value', 'first_seen', 'last_seen', 'records'])
    .where('customer_id', '=', customerId).orderBy('kind').orderBy('value'));
  const links = await wh.all<CustomerProfile['links'][number]>(
    `SELECT o.source, o.record_id, list_sort(list(DISTINCT o.identity)) AS identities, max(o.seen_at) AS seen
     FROM (${customerObservationsSql('$1')}) o
     GROUP BY o.source, o.record_id HAVING count(DISTINCT o.identity) > 1
     ORDER BY seen DESC LIMIT 15`, [customerId]);
  const rfm = (await tableExists(wh, 'rfm_history'))
    ? await selectRows(wh, db.selectFrom('rfm_history').select(['as_of', 'segment', 'recency_days', 'frequency', 'monetary', 'r_score', 'f_score', 'm_score'])
        .where('customer_id', '=', customerId).orderBy('as_of', 'desc').limit(24))
    : [];
  const [clv] = (await tableExists(wh, 'clv_predictions'))
    ? await selectRows<Record<string, unknown>>(wh, db.selectFrom('clv_predictions').selectAll().where('customer_id', '=', customerId))
    : [];
  const interactions = await wh.all<CustomerProfile['interactions'][number]>(
    `SELECT o.source, o.record_id, string_agg(DISTINCT o.kind, ', ') AS kinds, max(o.seen_at) AS "at"
     FROM (${customerObservationsSql('$1')}) o
     GROUP BY o.source, o.record_id ORDER BY "at" DESC, o.record_id LIMIT 20`, [customerId]);
  const recommendations = (await tableExists(wh, 'product_recommendations'))
    ? await selectRows(wh, db.selectFrom('product_recommendations').select(['rank', 'sku', 'reason']).where('customer_id', '=', customerId).orderBy('rank'))
    : [];
  const [preferences] = (await tableExists(wh, 'customer_preferences'))
    ? await selectRows(wh, db.selectFrom('customer_preferences').select(['top_category', 'best_send_day', 'best_send_hour', 'send_time_events', 'expected_next_order'])
        .where('customer_id', '=', customerId))
    : [];
  return { customer, identities, links, rfm, clv: clv ?? null, interactions, recommendations, preferences: preferences ?? null,
    probabilistic: await explainMatches(wh, customerId) };
}
