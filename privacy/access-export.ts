// `exportPerson`: everything the warehouse holds about one person, as one JSON document for an access request.
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { channels as defaultChannels, type ChannelRegistry } from '../sources/contracts/index.js';
import { writeAtomically } from '../shared/write-atomically.js';
import { rowValue } from '../transforms/channel-records.js';
import type { IdentityConfig } from '../transforms/identity-config.js';
import { ident, literal, type Warehouse } from '../warehouse/warehouse.js';
import { recordAudit } from './audit.js';
import { identifierFields, identitiesInText } from './identity-hash.js';
import { personConditions, rawTextTables, warehouseTables } from './personal-tables.js';
import { resolvePerson } from './person.js';

type Rows = Record<string, unknown>[];

/** The document `rapport privacy export` writes. Sections name the tables they come from. */
export interface PersonExport {
  readonly generatedAt: string;
  readonly customerIds: readonly string[];
  /** customer_360: the profile as of the last run. */
  readonly profile: Rows;
  /** identities: each identifier, its status and when it was seen. */
  readonly identities: Rows;
  /** How they were linked: identity_links (the record each identity was linked through) and identity_merges. */
  readonly links: Rows;
  readonly merges: Rows;
  /** Every row of every channel table that is the person's, by channel. */
  readonly interactions: Readonly<Record<string, Rows>>;
  /** rfm_history (segment per run) and customer_segment_transitions. */
  readonly segmentHistory: Rows;
  readonly segmentTransitions: Rows;
  /** clv_predictions and customer_value. */
  readonly predictions: Rows;
  readonly value: Rows;
  /** Records of the person that failed validation (quarantine). */
  readonly quarantine: Rows;
  /** Any other table with a personal column (so a new table is never left out), by table. */
  readonly otherTables: Readonly<Record<string, Rows>>;
}

const named = ['customer_360', 'identities', 'identity_links', 'identity_merges', 'rfm_history', 'customer_segment_transitions', 'clv_predictions', 'customer_value'];

/**
 * Collects everything about the person `query` names (see `resolvePerson`), read-only except for its privacy_audit row.
 * @throws AmbiguousPersonError when the identifier belongs to several customers; Error when it belongs to none.
 */
export async function collectPerson(wh: Warehouse, query: string, config: IdentityConfig, registry: ChannelRegistry = defaultChannels): Promise<PersonExport> {
  const person = await resolvePerson(wh, query, config, registry);
  if (person.customerIds.length === 0) throw new Error(`no customer has the identifier "${query.trim()}"`);
  const tables = await warehouseTables(wh);
  const present = new Set(tables.map((t) => t.table));
  const keyed = async (table: string): Promise<Rows> => {
    const t = tables.find((x) => x.table === table);
    if (!t) return [];
    const where = personConditions(t);
    return where.length === 0 ? [] : wh.all(`SELECT * FROM ${ident(table)} WHERE ${where.map((w) => `(${w})`).join(' OR ')}`);
  };
  const interactions: Record<string, Rows> = {};
  for (const c of Object.values(registry)) {
    if (!present.has(c.table)) continue;
    const rows = await wh.all(`SELECT * FROM ${ident(c.table)} WHERE ${rowValue(c, c.recordId)}::VARCHAR IN
      (SELECT record_id FROM privacy_records WHERE channel = ${literal(c.name)}) ORDER BY ${ident(c.timeField)}`);
    if (rows.length > 0) interactions[c.name] = rows;
  }
  const channelTables = new Set(Object.values(registry).map((c) => c.table));
  const otherTables: Record<string, Rows> = {};
  for (const t of tables) {
    if (named.includes(t.table) || channelTables.has(t.table) || rawTextTables.includes(t.table) || t.personal.length === 0) continue;
    const rows = await keyed(t.table);
    if (rows.length > 0) otherTables[t.table] = rows;
  }
  const mine = new Set(person.identities.map((i) => i.identity));
  const fields = identifierFields(registry);
  const quarantine = (await wh.all<Record<string, unknown>>('SELECT * FROM quarantine ORDER BY quarantined_at, source, location, record_no'))
    .filter((r) => [...identitiesInText(`${String(r.raw ?? '')} ${String(r.fields ?? '')}`, config, fields)].some((i) => mine.has(i)));
  return {
    generatedAt: new Date().toISOString(),
    customerIds: person.customerIds,
    profile: await keyed('customer_360'),
    identities: await keyed('identities'),
    links: await keyed('identity_links'),
    merges: await keyed('identity_merges'),
    interactions,
    segmentHistory: await keyed('rfm_history'),
    segmentTransitions: await keyed('customer_segment_transitions'),
    predictions: await keyed('clv_predictions'),
    value: await keyed('customer_value'),
    quarantine,
    otherTables,
  };
}

/**
 * Writes {@link collectPerson}'s document to `out` (atomically) and records the export in privacy_audit (counts only).
 * Returns the document. @example await exportPerson(wh, 'jane@example.com', 'jane.json', { identity, actor: 'ops' });
 */
export async function exportPerson(
  wh: Warehouse, query: string, out: string, options: { readonly identity: IdentityConfig; readonly actor: string; readonly registry?: ChannelRegistry },
): Promise<PersonExport> {
  const doc = await collectPerson(wh, query, options.identity, options.registry);
  await writeAtomically(out, (tmp) => writeFile(tmp, personJson(doc)));
  await auditExport(wh, query, doc, options.actor);
  return doc;
}

/** The document as the JSON text an access request is answered with. */
export const personJson = (doc: PersonExport): string => JSON.stringify(doc, jsonValue, 2) + '\n';

/** Records an access export in privacy_audit: who, when, how many rows of each part (no identifier in clear). */
export async function auditExport(wh: Warehouse, query: string, doc: PersonExport, actor: string): Promise<void> {
  const counts: Record<string, number> = { profile: doc.profile.length, identities: doc.identities.length, quarantine: doc.quarantine.length };
  for (const [channel, rows] of Object.entries(doc.interactions)) counts[`interactions ${channel}`] = rows.length;
  await recordAudit(wh, { auditId: `export-${randomUUID()}`, action: 'export', actor, subject: query, counts, status: 'done', at: new Date() });
}

/** JSON of warehouse values: BigInts as numbers when safe (else text), dates as ISO text. */
function jsonValue(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  return v;
}
