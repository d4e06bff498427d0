// Gathers one customer's 360 profile for the Customer page (finding the customer is transforms/customer-lookup.ts).
import type { Warehouse } from '../warehouse/warehouse.js';
import { customerObservationsSql } from '../transforms/customer-lineage.js';

/** A customer id as the identities transform writes them; anything else is never put into SQL or a URL. */
export const customerIdPattern = /^[A-Za-z0-9_.:-]{1,80}$/;

export interface CustomerProfile {
  readonly customer: Record<string, unknown>;
  readonly identities: readonly { kind: string; value: string; first_seen: Date; last_seen: Date; records: number }[];
  /** Records in which two or more of the customer's identities appeared together: why they were linked. */
  readonly links: readonly { source: string; record_id: string; identities: string[]; seen: Date }[];
  readonly rfm: readonly { as_of: string; segment: string; recency_days: number; frequency: number; monetary: number; r_score: number; f_score: number; m_score: number }[];
  readonly clv: Record<string, unknown> | null;
  readonly interactions: readonly { source: string; record_id: string; kinds: string; at: Date }[];
}

const tableExists = async (wh: Warehouse, name: string) =>
  (await wh.all<{ n: number }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = $1`, [name]))[0]!.n > 0;

/** The profile of `customerId`, or null when there is no such customer. Tables not built yet show as empty. */
export async function customerProfile(wh: Warehouse, customerId: string): Promise<CustomerProfile | null> {
  const [customer] = await wh.all<Record<string, unknown>>('SELECT * FROM customer_360 WHERE customer_id = $1', [customerId]);
  if (!customer) return null;
  const identities = await wh.all<CustomerProfile['identities'][number]>(
    'SELECT kind, value, first_seen, last_seen, records FROM identities WHERE customer_id = $1 ORDER BY kind, value', [customerId]);
  const links = await wh.all<CustomerProfile['links'][number]>(
    `SELECT o.source, o.record_id, list_sort(list(DISTINCT o.identity)) AS identities, max(o.seen_at) AS seen
     FROM (${customerObservationsSql('$1')}) o
     GROUP BY o.source, o.record_id HAVING count(DISTINCT o.identity) > 1
     ORDER BY seen DESC LIMIT 15`, [customerId]);
  const rfm = (await tableExists(wh, 'rfm_history'))
    ? await wh.all<CustomerProfile['rfm'][number]>(
        `SELECT as_of, segment, recency_days, frequency, monetary, r_score, f_score, m_score FROM rfm_history
         WHERE customer_id = $1 ORDER BY as_of DESC LIMIT 24`, [customerId])
    : [];
  const [clv] = (await tableExists(wh, 'clv_predictions'))
    ? await wh.all<Record<string, unknown>>('SELECT * FROM clv_predictions WHERE customer_id = $1', [customerId])
    : [];
  const interactions = await wh.all<CustomerProfile['interactions'][number]>(
    `SELECT o.source, o.record_id, string_agg(DISTINCT o.kind, ', ') AS kinds, max(o.seen_at) AS "at"
     FROM (${customerObservationsSql('$1')}) o
     GROUP BY o.source, o.record_id ORDER BY "at" DESC, o.record_id LIMIT 20`, [customerId]);
  return { customer, identities, links, rfm, clv: clv ?? null, interactions };
}
