// On-demand lineage of one customer (which records carry its identifiers, which records are its), instead of stored per-record tables.

/** Tie-break of a record's identifiers, best first: linked before not, then account, email, phone, handle, then the smallest (SQL over an identity's status, kind and id). */
export const bestIdentifierOf = (status: string, kind: string, identity: string): string =>
  `(${status} <> 'linked', list_position(['account', 'email', 'phone', 'handle', 'record'], ${kind}), ${identity})`;
/** The same over `identities` as `i`. */
export const bestIdentifier = bestIdentifierOf('i.status', 'i.kind', 'i.identity');

/**
 * SQL (a SELECT) of every (record, identifier) where the identifier is one of customer `param`'s identities:
 * columns source (the channel), record_id, kind, value, identity, seen_at, links (whether the record's channel has two or
 * more identifiers, so it may carry other customers' identifiers too). An order has a row per line.
 * @example `WITH mine AS (${customerObservationsSql('$1')}) SELECT count(DISTINCT record_id) FROM mine`
 */
export const customerObservationsSql = (param: string) => `
  SELECT r.channel AS source, r.record_id, i.kind, i.value, i.identity, r.seen_at, r.links
  FROM record_identifiers r
  JOIN identity_values v ON v.kind = r.kind AND v.raw = r.raw
  JOIN identities i ON i.identity = v.identity
  WHERE i.customer_id = ${param}`;

/**
 * SQL (a SELECT) of the records that belong to customer `param` (source, record_id): the rows of `customer_records`
 * for that customer, computed from its identifiers' records only (the view would resolve every record first).
 */
export const customerOwnRecordsSql = (param: string) => `
  WITH mine AS (${customerObservationsSql(param)}),
  shared AS (SELECT DISTINCT source, record_id FROM mine WHERE links)   -- records that may carry other customers' identifiers
  SELECT DISTINCT source, record_id FROM mine WHERE NOT links
  UNION ALL
  SELECT r.channel, r.record_id
  FROM record_identifiers r
  JOIN shared s ON s.source = r.channel AND s.record_id = r.record_id
  JOIN identity_values v ON v.kind = r.kind AND v.raw = r.raw
  JOIN identities i ON i.identity = v.identity
  GROUP BY r.channel, r.record_id
  HAVING arg_min(i.customer_id, ${bestIdentifier}) = ${param}`;
