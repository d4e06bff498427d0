// The load gate that keeps a forgotten person forgotten: staged rows whose identifiers match a tombstone are dropped.
import type { RowGate } from '../load/row-gate.js';
import type { IdentifierKind } from '../sources/contracts/index.js';
import type { Reject } from '../sources/source.js';
import { rowValue } from '../transforms/channel-records.js';
import type { IdentityConfig } from '../transforms/identity-config.js';
import { ident, type Warehouse } from '../warehouse/warehouse.js';
import { identifierFields, identitiesInText, identityOf, recordIdentity, saltedHash } from './identity-hash.js';

/** The tombstones of a warehouse: its salt and the hashes of every forgotten identity. */
export interface Tombstones {
  readonly salt: string;
  readonly hashes: ReadonlySet<string>;
}

/** Reads the tombstones (none on a warehouse where nobody was forgotten: then the gate costs one query per batch). */
export async function readTombstones(wh: Warehouse): Promise<Tombstones> {
  const [salt] = await wh.all<{ salt: string }>('SELECT salt FROM privacy_salt LIMIT 1');
  const rows = salt ? await wh.all<{ hash: string }>('SELECT hash FROM privacy_tombstones') : [];
  return { salt: salt?.salt ?? '', hashes: new Set(rows.map((r) => r.hash)) };
}

/**
 * The {@link RowGate} of the tombstones: every identifier the channel declares is normalised as identity resolution
 * does (distinct values only) and hashed, and so is its record id; a row with a tombstoned identity is deleted from the stage, as is a bad row
 * (or a rejected record) whose raw text names one (`identitiesInText`). So re-reading an old file, or a late page of an
 * API, does not bring a forgotten person back; the loader counts the rows as `forgotten`.
 */
export function tombstoneGate(config: IdentityConfig): RowGate {
  return async (wh, channel, table, rejects) => {
    const stones = await readTombstones(wh);
    if (stones.hashes.size === 0) return { dropped: 0, rejects };
    const tombstoned = (identity: string | undefined) => identity !== undefined && stones.hashes.has(saltedHash(stones.salt, identity));
    const [{ before } = { before: 0 }] = await wh.all<{ before: number }>(`SELECT count(*) AS before FROM ${ident(table)}`);
    await wh.run('CREATE OR REPLACE TEMP TABLE privacy_gate_hits (raw VARCHAR)');
    const record = { kind: undefined, value: channel.recordId };
    for (const id of [record, ...channel.identifiers]) {
      const value = `${rowValue(channel, id.value)}::VARCHAR`;
      const raws = await wh.all<{ raw: string }>(`SELECT DISTINCT ${value} AS raw FROM ${ident(table)} WHERE ${value} IS NOT NULL`);
      // A record id is compared as it is (`record:<channel>:<id>`), an identifier once normalised.
      const hits = raws.filter((r) => tombstoned(id.kind ? identityOf(id.kind, r.raw, config) : recordIdentity(channel.name, r.raw)));
      if (hits.length === 0) continue;
      await wh.run('DELETE FROM privacy_gate_hits');
      await wh.appendRows('privacy_gate_hits', hits.map((h) => [h.raw]), { temp: true });
      await wh.run(`DELETE FROM ${ident(table)} WHERE ${value} IN (SELECT raw FROM privacy_gate_hits)`);
    }
    const fields = identifierFields({ [channel.name]: channel });
    await dropBadRowsNaming(wh, table, config, fields, tombstoned);
    await wh.run('DROP TABLE privacy_gate_hits');
    const [{ after } = { after: 0 }] = await wh.all<{ after: number }>(`SELECT count(*) AS after FROM ${ident(table)}`);
    const kept: Reject[] = rejects.filter((r) => ![...identitiesInText(r.raw, config, fields)].some(tombstoned));
    return { dropped: before - after + rejects.length - kept.length, rejects: kept };
  };
}

/** Bad rows keep their text in `_raw` (or `_fields`): one that names a tombstoned identity goes, rather than to quarantine. */
async function dropBadRowsNaming(
  wh: Warehouse, table: string, config: IdentityConfig, fields: Readonly<Record<string, IdentifierKind>>, tombstoned: (identity: string) => boolean,
): Promise<void> {
  const columns = new Set((await wh.all<{ column_name: string }>(`DESCRIBE ${ident(table)}`)).map((c) => c.column_name));
  const text = [columns.has('_raw') ? '_raw::VARCHAR' : undefined, columns.has('_fields') ? '_fields::VARCHAR' : undefined].filter(Boolean);
  if (!columns.has('_reason') || text.length === 0) return;
  const bad = await wh.all<{ id: number; text: string }>(
    `SELECT rowid AS id, concat_ws(' ', ${text.join(', ')}) AS text FROM ${ident(table)} WHERE _reason IS NOT NULL`);
  const ids = bad.filter((r) => [...identitiesInText(r.text, config, fields)].some(tombstoned)).map((r) => r.id);
  if (ids.length > 0) await wh.run(`DELETE FROM ${ident(table)} WHERE rowid IN (${ids.map(Number).join(', ')})`);
}
