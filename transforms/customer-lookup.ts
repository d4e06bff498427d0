// Finds customers by any identifier, the one lookup the CLI (`rapport customer`) and the web app's Customer page share.
import type { Warehouse } from '../warehouse/warehouse.js';
import { defaultIdentityConfig, type IdentityConfig } from './identity-config.js';
import { normaliseEmail, normalisePhone } from './normalise-identifiers.js';

/** The customers a query names, best first, and the id it was merged from when it named an absorbed customer. */
export interface CustomerMatches {
  /** Surviving customer ids: those with a linked identity first, then by id; at most 20. */
  readonly customerIds: readonly string[];
  /** The query, when it was a customer id absorbed by a merge (followed to the survivor). */
  readonly mergedFrom?: string;
}

const none: CustomerMatches = Object.freeze({ customerIds: [] });

/** The identities (`kind:value`) a query may mean, normalised as the identities transform normalises what it reads. */
function candidates(q: string, config: IdentityConfig): string[] {
  const out = [`account:${q}`];
  if (q.includes('@') && !q.startsWith('@')) out.push(`email:${normaliseEmail(q, config.emailProviders).value}`);
  if (/^[+(]?[\d\s()./-]{4,}$/.test(q)) out.push(`phone:${normalisePhone(q, config).value}`);
  if (q.includes(':')) out.push(`handle:${q.toLowerCase().replace(/:\s*@*/, ':')}`);
  return out;
}

/** The surviving id of `id` when it is a customer id (possibly through several merges); undefined when it is none. */
async function followMerges(wh: Warehouse, id: string): Promise<string | undefined> {
  for (let hop = 0; hop < 20; hop++) {
    const [live] = await wh.all<{ n: number }>('SELECT count(*) AS n FROM identities WHERE customer_id = $1', [id]);
    if ((live?.n ?? 0) > 0) return id;
    const [m] = await wh.all<{ surviving_id: string }>(
      `SELECT surviving_id FROM identity_merges WHERE absorbed_id = $1 AND event = 'merge' ORDER BY merged_at DESC LIMIT 1`, [id]).catch(() => []);
    if (!m) return undefined;
    id = m.surviving_id;
  }
  return undefined;
}

/**
 * Customers whose identity is `query`: a customer id (an absorbed one is followed to the survivor), an account, an
 * email or a phone normalised with the identity rules (" Jane.Doe+x@GoogleMail.com", "0151 2345678"), a handle as
 * "platform:handle", or "@handle" / "handle" on any platform. Values are compared whole: "%" and "_" are characters,
 * never wildcards.
 * @example await findCustomers(wh, 'jane.doe@gmail.com', config.identity) // { customerIds: ['cus_3f2a…'] }
 */
export async function findCustomers(wh: Warehouse, query: string, config: IdentityConfig = defaultIdentityConfig): Promise<CustomerMatches> {
  const q = query.trim();
  if (q.length === 0 || q.length > 200) return none;
  if (q.startsWith('cus_')) {
    const survivor = await followMerges(wh, q);
    if (survivor !== undefined) return survivor === q ? { customerIds: [q] } : { customerIds: [survivor], mergedFrom: q };
  }
  const handle = /^@?[^\s:@]+$/.test(q) ? q.replace(/^@/, '').toLowerCase() : null; // a handle without its platform
  const ids = candidates(q, config);
  const rows = await wh.all<{ customer_id: string }>(
    `SELECT customer_id FROM identities
     WHERE identity IN (${ids.map((_, i) => `$${i + 2}`).join(', ')}) OR (kind = 'handle' AND split_part(value, ':', 2) = $1)
     GROUP BY customer_id ORDER BY bool_and(status <> 'linked'), customer_id LIMIT 20`,
    [handle, ...ids]);
  return { customerIds: rows.map((r) => r.customer_id) };
}
