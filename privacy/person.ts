// Resolves an identifier to everything that names one person: customer ids, identities, raw forms and records.
import { channels as defaultChannels, type ChannelRegistry, type IdentifierKind } from '../sources/contracts/index.js';
import { findCustomers } from '../transforms/customer-lookup.js';
import type { IdentityConfig } from '../transforms/identity-config.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { identityOf } from './identity-hash.js';

/**
 * One person as the identity graph knows them. The temp tables `privacy_ids` (customer_id), `privacy_identities`
 * (identity, kind), `privacy_raws` (kind, raw) and `privacy_records` (channel, record_id) hold the same lists for SQL.
 */
export interface Person {
  /** The surviving customer id first, then every id merged into it; empty when no customer has the identifier. */
  readonly customerIds: readonly string[];
  /** Normalised identities (`kind:value`), the one asked for included. */
  readonly identities: readonly { readonly identity: string; readonly kind: IdentifierKind }[];
  /** Every raw form the sources wrote those identities in. */
  readonly raws: readonly { readonly kind: IdentifierKind; readonly raw: string }[];
  /** Records (`channel`, `record_id`) carrying one of the raw forms. */
  readonly records: number;
}

/** Thrown when an identifier names more than one customer: forgetting the wrong person cannot be undone. */
export class AmbiguousPersonError extends Error {
  override readonly name = 'AmbiguousPersonError';
}

const kinds: readonly IdentifierKind[] = ['email', 'phone', 'handle', 'account'];

/** The identities a bare query may be when no customer has it (so it can still be tombstoned and swept): an account only when it is nothing else. */
function queryIdentities(query: string, config: IdentityConfig): string[] {
  const q = query.trim();
  const out: string[] = [];
  if (q.includes('@') && !q.startsWith('@')) out.push(identityOf('email', q, config)!);
  if (/^[+(]?[\d\s()./-]{4,}$/.test(q)) out.push(identityOf('phone', q, config)!);
  if (q.includes(':')) out.push(identityOf('handle', q, config)!);
  return out.length > 0 ? out : [identityOf('account', q, config)!];
}

/**
 * Finds the person `query` names (any identifier `rapport customer` takes, or a customer id) and fills the temp tables
 * listed on {@link Person}. Merges are followed both ways: ids absorbed into the customer belong to the person too.
 * @throws AmbiguousPersonError listing the customers when the identifier belongs to several (name one by its cus_ id).
 */
export async function resolvePerson(wh: Warehouse, query: string, config: IdentityConfig, registry: ChannelRegistry = defaultChannels): Promise<Person> {
  const present = new Set((await wh.all<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'main'`)).map((r) => r.t));
  const graph = ['identities', 'identity_merges', 'customer_ids', 'identity_values', 'record_identifiers'].every((t) => present.has(t));
  // Before the first identity build there is no graph: the identifier asked for is all there is to forget.
  const found = graph ? await findCustomers(wh, query, config) : { customerIds: [] };
  if (found.customerIds.length > 1) {
    throw new AmbiguousPersonError(`"${query.trim()}" belongs to ${found.customerIds.length} customers (${found.customerIds.join(', ')}): name one by its customer id`);
  }
  await wh.run(`CREATE OR REPLACE TEMP TABLE privacy_ids (customer_id VARCHAR);
    CREATE OR REPLACE TEMP TABLE privacy_identities (identity VARCHAR, kind VARCHAR);
    CREATE OR REPLACE TEMP TABLE privacy_raws (kind VARCHAR, raw VARCHAR);
    CREATE OR REPLACE TEMP TABLE privacy_records (channel VARCHAR, record_id VARCHAR)`);
  const ids = [...found.customerIds];
  for (let i = 0; i < ids.length; i++) { // every id absorbed into one of the person's ids, and so on down
    const absorbed = await wh.all<{ id: string }>(`SELECT DISTINCT absorbed_id AS id FROM identity_merges WHERE surviving_id = $1`, [ids[i]!]);
    for (const { id } of absorbed) if (!ids.includes(id)) ids.push(id);
  }
  await wh.appendRows('privacy_ids', ids.map((id) => [id]), { temp: true });
  if (graph) await wh.run(`INSERT INTO privacy_identities
    SELECT identity, kind FROM identities WHERE customer_id IN (SELECT customer_id FROM privacy_ids)
    UNION SELECT c.identity, split_part(c.identity, ':', 1) FROM customer_ids c WHERE c.customer_id IN (SELECT customer_id FROM privacy_ids)`);
  const asked = queryIdentities(query, config).filter((i) => !query.trim().startsWith('cus_'));
  // The identifier asked for, as itself: it may be known only to quarantine or to no table at all (then only tombstoned).
  const known = new Set((await wh.all<{ identity: string }>('SELECT identity FROM privacy_identities')).map((r) => r.identity));
  const extra = ids.length > 0 ? asked.filter((i) => known.has(i)) : asked;
  await wh.appendRows('privacy_identities', extra.filter((i) => !known.has(i)).map((i) => [i, i.split(':')[0]!]), { temp: true });
  if (graph) await wh.run(`INSERT INTO privacy_raws SELECT DISTINCT v.kind, v.raw FROM identity_values v JOIN privacy_identities p ON p.identity = v.identity`);
  for (const c of graph ? Object.values(registry) : []) {
    await wh.run(`INSERT INTO privacy_records SELECT DISTINCT r.channel, r.record_id FROM record_identifiers r
      JOIN privacy_raws p ON p.kind = r.kind AND p.raw = r.raw WHERE r.channel = '${c.name.replaceAll("'", "''")}'`);
  }
  const identities = await wh.all<{ identity: string; kind: IdentifierKind }>('SELECT DISTINCT identity, kind FROM privacy_identities ORDER BY kind, identity');
  const raws = await wh.all<{ kind: IdentifierKind; raw: string }>('SELECT kind, raw FROM privacy_raws ORDER BY kind, raw');
  const [{ n } = { n: 0 }] = await wh.all<{ n: number }>('SELECT count(*) AS n FROM privacy_records');
  return { customerIds: ids, identities: identities.filter((i) => kinds.includes(i.kind)), raws, records: n };
}
