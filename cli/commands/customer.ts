// `rapport customer <email|handle|phone|account|customer-id>`: one customer's profile, identities with evidence, recent interactions.
import { commandConfig } from '../command-config.js';
import { findCustomers } from '../../transforms/customer-lookup.js';
import { customerObservationsSql, customerOwnRecordsSql } from '../../transforms/customer-lineage.js';
import { explainMatches } from '../../transforms/match-explanations.js';
import { openWarehouse, type Warehouse } from '../../warehouse/warehouse.js';
import { UsageError, type Command, type CommandIo } from '../command.js';

export const customerCommand: Command = {
  name: 'customer',
  summary: 'Show one customer: profile, every identity with the records that link it, recent interactions',
  help: `Usage: rapport customer <email|@handle|platform:handle|phone|account|cus_id> [--limit N] [--json] [--config FILE]

Finds the customer by any identifier, normalised with the config's identity rules (so " Jane.Doe@GMAIL.com"
and "0151 2345678" work), by account id, or by customer id. An id absorbed by a merge is followed to the
surviving customer (see identity_merges). Prints the customer_360 row, each identity with its status
(linked, blocked, invalid, refused), the records and sources it was seen on and one record that links it to
another identity of the customer, each probabilistic link between its contacts (docs/matching.md) with every
compared field's level and weight, then the customer's most recent orders, emails and social interactions.

Opens the warehouse read-only; while a run holds it, waits (RAPPORT_WAREHOUSE_WAIT seconds, default 60).

Options:
  --limit N      Recent interactions to show (default 10).
  --json         JSON instead of text.
  --config FILE  Config file (default: rapport.config.ts in the current folder).`,
  options: { limit: { type: 'string' }, json: { type: 'boolean' }, config: { type: 'string' } },
  async run({ values, positionals }, io) {
    const [query] = positionals;
    if (query === undefined || query.trim() === '') throw new UsageError('customer: which customer? give an email, handle, phone, account or customer id');
    const limit = values.limit === undefined ? 10 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit: expected a positive whole number, got "${String(values.limit)}"`);
    const loaded = await commandConfig(values, io);
    const wh = await openWarehouse(loaded.warehouse, { readOnly: true, onWait: (m) => io.err(`rapport: ${m}`) });
    try {
      const found = await findCustomers(wh, query, loaded.config.identity);
      const [customerId, ...others] = found.customerIds;
      if (customerId === undefined) throw new Error(`customer: no customer has the identifier "${query}"`);
      if (others.length > 0) io.err(`rapport: ${found.customerIds.length} customers match "${query.trim()}"; showing ${customerId} (also: ${others.join(', ')})`);
      const profile = await showCustomer(wh, customerId, limit);
      if (values.json) io.out(JSON.stringify({ ...profile, mergedFrom: found.mergedFrom }, null, 2));
      else print(profile, found.mergedFrom, io);
      return 0;
    } finally {
      wh.close();
    }
  },
};

/** Profile, identities with evidence and recent interactions of one customer. */
export async function showCustomer(wh: Warehouse, customerId: string, limit: number) {
  const [profile] = await wh.all<Record<string, unknown>>('SELECT * FROM customer_360 WHERE customer_id = $1', [customerId]);
  const identities = await wh.all<Record<string, unknown>>(`
    WITH mine AS (${customerObservationsSql('$1')})
    SELECT i.identity, i.status, i.records, i.first_seen, i.last_seen,
      (SELECT string_agg(source || ' ' || n, ', ' ORDER BY source) FROM (SELECT source, count(DISTINCT record_id) AS n FROM mine m WHERE m.identity = i.identity GROUP BY source)) AS seen_on,
      (SELECT min(y.identity || ' on ' || y.source || ':' || y.record_id) FROM mine x JOIN mine y ON y.source = x.source AND y.record_id = x.record_id AND y.identity <> x.identity
       WHERE x.identity = i.identity) AS linked_by
    FROM identities i WHERE i.customer_id = $1 ORDER BY i.kind, i.identity`, [customerId]);
  const recent = await wh.all<Record<string, unknown>>(`
    WITH own AS (${customerOwnRecordsSql('$1')})
    SELECT * FROM (
      SELECT 'order' AS channel, any_value(l.ordered_at) AS occurred_at, l.order_id AS record_id, any_value(l.status) || ' ' || sum(l.amount) || ' ' || any_value(l.currency) AS detail
      FROM order_lines l JOIN own rc ON rc.source = 'orders' AND rc.record_id = l.order_id GROUP BY l.order_id
      UNION ALL
      SELECT 'email', e.occurred_at, e.event_id, e.event_type || coalesce(' ' || e.campaign_id, '')
      FROM email_events e JOIN own rc ON rc.source = 'email' AND rc.record_id = e.event_id
      UNION ALL
      SELECT 'social', s.occurred_at, s.platform || ':' || s.interaction_id, s.kind || ' as @' || s.handle
      FROM social_interactions s JOIN own rc ON rc.source = 'social' AND rc.record_id = s.platform || ':' || s.interaction_id
    ) ORDER BY occurred_at DESC, record_id LIMIT ${limit}`, [customerId]);
  return { customerId, profile: profile ?? null, identities, probabilistic: await explainMatches(wh, customerId), recent };
}

const show = (v: unknown): string =>
  v === null || v === undefined ? '-' : v instanceof Date ? v.toISOString().replace('T', ' ').slice(0, 19) : Array.isArray(v) ? v.join(', ') : String(v);

function print(p: Awaited<ReturnType<typeof showCustomer>>, mergedFrom: string | undefined, io: CommandIo): void {
  io.out(`customer ${p.customerId}${mergedFrom ? ` (${mergedFrom} was merged into it)` : ''}`);
  if (p.profile === null) io.out('  no customer_360 row: no record is assigned to this customer (blocked or refused identifier only)');
  else for (const [k, v] of Object.entries(p.profile)) if (k !== 'customer_id') io.out(`  ${k.padEnd(28)} ${show(v)}`);
  io.out('\nidentities (status, records, seen on, linked by):');
  for (const i of p.identities) io.out(`  ${show(i.identity)}  ${show(i.status)}  ${show(i.records)} records  [${show(i.seen_on)}]  ${i.linked_by ? `linked by ${show(i.linked_by)}` : 'no shared record'}`);
  if (p.probabilistic.length > 0) io.out('\nprobabilistic links (contacts matched despite typos; weight in bits, + for one person):');
  for (const m of p.probabilistic) {
    const score = m.matchWeight === null ? 'no score' : `weight ${m.matchWeight.toFixed(1)}, probability ${m.matchProbability!.toFixed(3)}`;
    io.out(`  ${m.recordA} ~ ${m.recordB}  ${score}${m.decision ? `  (${m.decision}ed in review)` : ''}${m.blockingRule ? `  compared by ${m.blockingRule}` : ''}`);
    if (m.priorWeight !== null && m.matchWeight !== null) io.out(`    ${'prior'.padEnd(14)} ${m.priorWeight.toFixed(1).padStart(6)}`);
    for (const f of m.fields) if (f.level !== null) io.out(`    ${f.field.padEnd(14)} ${f.weight.toFixed(1).padStart(6)}  ${f.level}`);
  }
  io.out(`\nrecent interactions:`);
  if (p.recent.length === 0) io.out('  none');
  for (const r of p.recent) io.out(`  ${show(r.occurred_at)}  ${show(r.channel).padEnd(6)}  ${show(r.record_id)}  ${show(r.detail)}`);
}
