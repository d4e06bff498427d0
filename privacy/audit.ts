// The privacy audit trail: who did which privacy action when, with counts and hashes only, never an identifier in clear.
import type { Warehouse } from '../warehouse/warehouse.js';
import { saltedHash, warehouseSalt } from './identity-hash.js';
import { redacted, wholeWordsPattern } from './redact.js';

/** One row of `privacy_audit`. */
export interface AuditEntry {
  readonly auditId: string;
  readonly action: 'forget' | 'export' | 'retention';
  readonly actor: string;
  /** The identifier asked for: stored as its salted hash only. */
  readonly subject?: string;
  /** The operator's reason: the person's identifiers in it (`redact`) are replaced before it is stored. */
  readonly reason?: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly status: 'done' | 'file-rewrite-pending';
  readonly at: Date;
  readonly redact?: readonly string[];
}

/** Writes one audit row (in the caller's transaction, if any). */
export async function recordAudit(wh: Warehouse, e: AuditEntry): Promise<void> {
  const salt = await warehouseSalt(wh);
  let reason = e.reason ?? null;
  if (reason !== null && e.redact && e.redact.length > 0) reason = reason.replace(new RegExp(wholeWordsPattern(e.redact), 'gi'), `$1${redacted}$3`);
  await wh.run('INSERT INTO privacy_audit VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    e.auditId, e.action, e.actor, e.subject === undefined ? null : saltedHash(salt, e.subject.trim().toLowerCase()), reason,
    JSON.stringify(e.counts), e.status, e.at,
  ]);
}
