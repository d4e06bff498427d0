// `forgetPerson`: deletes every row that identifies one person, from every table, and leaves tombstones behind.
import { randomUUID } from 'node:crypto';
import { channels as defaultChannels, type ChannelRegistry } from '../sources/contracts/index.js';
import { rowValue } from '../transforms/channel-records.js';
import type { IdentityConfig } from '../transforms/identity-config.js';
import { ident, literal, type Warehouse } from '../warehouse/warehouse.js';
import { recordAudit } from './audit.js';
import { identifierFields, identitiesInText, recordIdentity, saltedHash, warehouseSalt } from './identity-hash.js';
import { personConditions, rawTextTables, warehouseTables } from './personal-tables.js';
import { resolvePerson, type Person } from './person.js';
import { redactStrings, sweepStrings } from './redact.js';

/** What a forget removed from one table. */
export interface Removal {
  readonly table: string;
  readonly rows: number;
  /** `deleted`: the person's own rows; `redacted`: the identifier replaced by `[forgotten]` in someone else's row or a log. */
  readonly how: 'deleted' | 'redacted';
}

/** An export file written earlier whose members included the person: the operator recalls it. */
export interface WrittenExport {
  readonly exportId: string;
  readonly segment: string;
  readonly destination: string;
  readonly exportedAt: Date;
}

/** The outcome of {@link forgetPerson}. */
export interface ForgetReport {
  readonly auditId: string;
  readonly customerIds: number;
  readonly identities: number;
  readonly records: number;
  readonly removed: readonly Removal[];
  readonly exports: readonly WrittenExport[];
  readonly tombstones: number;
  /** Identifier strings too short to search free text for safely (they would match other words). */
  readonly notSearched: number;
}

/** Options of {@link forgetPerson}. */
export interface ForgetOptions {
  readonly identity: IdentityConfig;
  /** Who asked (the OS user of the CLI, the signed-in web user); recorded in privacy_audit. */
  readonly actor: string;
  readonly reason?: string;
  readonly registry?: ChannelRegistry;
  readonly now?: Date;
}

/**
 * Forgets the person `query` names, in one transaction: their rows in every channel table (by record and by
 * identifier), in every table with a personal column (`personal-tables.ts`), their quarantined records (raw text
 * searched), and their identifiers wherever else text holds them (redacted). Tombstones of their normalised identities
 * keep later loads from bringing them back; privacy_audit records the action with counts and hashes only. The freed
 * bytes are still in the file until `rewriteWarehouse` runs (the CLI and web do it next; the audit row says
 * `file-rewrite-pending` until then).
 * @throws AmbiguousPersonError when the identifier belongs to several customers (nothing is changed).
 * @example const r = await forgetPerson(wh, 'jane@example.com', { identity: config.identity, actor: 'ops' });
 */
export async function forgetPerson(wh: Warehouse, query: string, options: ForgetOptions): Promise<ForgetReport> {
  const registry: ChannelRegistry = options.registry ?? defaultChannels;
  return wh.transaction(async () => {
    const person = await resolvePerson(wh, query, options.identity, registry);
    const exports = await exportsWithPerson(wh);
    const removed: Removal[] = [];
    const add = (table: string, rows: number, how: Removal['how']) => { if (rows > 0) removed.push({ table, rows, how }); };
    const tables = await warehouseTables(wh);
    const channelTables = new Set(Object.values(registry).map((c) => c.table));
    const present = new Set(tables.map((t) => t.table));
    let channelRows = 0;
    for (const c of Object.values(registry)) {
      if (!present.has(c.table)) continue;
      const byIdentifier = c.identifiers.map((id) =>
        `${rowValue(c, id.value)}::VARCHAR IN (SELECT raw FROM privacy_raws WHERE kind = ${literal(id.kind)})`);
      const n = await deleteRows(wh, c.table, [
        `${rowValue(c, c.recordId)}::VARCHAR IN (SELECT record_id FROM privacy_records WHERE channel = ${literal(c.name)})`, ...byIdentifier]);
      channelRows += n;
      add(c.table, n, 'deleted');
    }
    for (const t of tables) {
      if (channelTables.has(t.table) || rawTextTables.includes(t.table)) continue;
      const conditions = personConditions(t);
      if (conditions.length > 0) add(t.table, await deleteRows(wh, t.table, conditions), 'deleted');
    }
    add('quarantine', await deleteQuarantined(wh, person, options.identity, registry), 'deleted');
    const strings = sweepStrings(person);
    for (const t of tables.filter((x) => !x.table.startsWith('privacy_'))) {
      add(t.table, await redactStrings(wh, t.table, t.text, strings.searched), 'redacted');
    }
    const auditId = `forget-${randomUUID()}`;
    const tombstones = await writeTombstones(wh, person, auditId, options.now ?? new Date());
    if (present.has('identity_build_state') && channelRows > 0) {
      // The rows are gone on purpose: the next identity build must not read the drop as "rows replaced" and redo counts.
      await wh.run(`UPDATE identity_build_state SET channel_rows = greatest(channel_rows - ${channelRows}, 0)`);
    }
    const counts = Object.fromEntries(removed.map((r) => [`${r.table} ${r.how}`, r.rows]));
    await recordAudit(wh, {
      auditId, action: 'forget', actor: options.actor, subject: query, reason: options.reason, counts,
      status: 'file-rewrite-pending', at: options.now ?? new Date(), redact: strings.searched,
    });
    return {
      auditId, customerIds: person.customerIds.length, identities: person.identities.length, records: person.records,
      removed, exports, tombstones, notSearched: strings.tooShort,
    };
  });
}

/** Deletes the rows of `table` matching any condition; returns how many. */
async function deleteRows(wh: Warehouse, table: string, conditions: readonly string[]): Promise<number> {
  const where = conditions.map((c) => `(${c})`).join(' OR ');
  const [{ n } = { n: 0 }] = await wh.all<{ n: number }>(`SELECT count(*) AS n FROM ${ident(table)} WHERE ${where}`);
  if (n > 0) await wh.run(`DELETE FROM ${ident(table)} WHERE ${where}`);
  return n;
}

/** Quarantined records whose raw text or staged fields name one of the person's identities (read record by record). */
async function deleteQuarantined(wh: Warehouse, person: Person, config: IdentityConfig, registry: ChannelRegistry): Promise<number> {
  const mine = new Set(person.identities.map((i) => i.identity));
  if (mine.size === 0) return 0;
  const fields = identifierFields(registry);
  const rows = await wh.all<{ id: number; text: string }>(`SELECT rowid AS id, concat_ws(' ', raw, fields) AS text FROM quarantine`);
  const ids = rows.filter((r) => [...identitiesInText(r.text, config, fields)].some((i) => mine.has(i))).map((r) => Number(r.id));
  if (ids.length > 0) await wh.run(`DELETE FROM quarantine WHERE rowid IN (${ids.join(', ')})`);
  return ids.length;
}

/** Exports whose member list included the person (read before the member rows go). */
async function exportsWithPerson(wh: Warehouse): Promise<WrittenExport[]> {
  const rows = await wh.all<{ export_id: string; segment: string; destination: string; exported_at: Date }>(
    `SELECT DISTINCT e.export_id, e.segment, e.destination, e.exported_at FROM segment_exports e
     JOIN segment_export_members m ON m.export_id = e.export_id
     WHERE m.customer_id IN (SELECT customer_id FROM privacy_ids) ORDER BY e.exported_at, e.export_id`);
  return rows.map((r) => ({ exportId: r.export_id, segment: r.segment, destination: r.destination, exportedAt: r.exported_at }));
}

/**
 * One tombstone per normalised identity of the person, and one per record (`record:<channel>:<id>`: a record's rows that
 * carry no identifier, such as an agent's reply in the person's support conversation); salted hashes and kinds only.
 */
async function writeTombstones(wh: Warehouse, person: Person, auditId: string, at: Date): Promise<number> {
  const salt = await warehouseSalt(wh);
  const records = await wh.all<{ channel: string; record_id: string }>('SELECT DISTINCT channel, record_id FROM privacy_records');
  const stones = [
    ...person.identities.map(({ identity, kind }) => ({ hash: saltedHash(salt, identity), kind: kind as string })),
    ...records.map((r) => ({ hash: saltedHash(salt, recordIdentity(r.channel, r.record_id)), kind: 'record' })),
  ];
  const known = new Set((await wh.all<{ hash: string }>('SELECT hash FROM privacy_tombstones')).map((r) => r.hash));
  const fresh = [...new Map(stones.filter((t) => !known.has(t.hash)).map((t) => [t.hash, t])).values()];
  await wh.appendRows('privacy_tombstones', fresh.map((t) => [t.hash, t.kind, auditId, at.toISOString()]));
  return fresh.length;
}
