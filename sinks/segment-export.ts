// Exports one segment: picks its members, leaves out who must not be contacted, hashes or diffs on request, writes the
// file and/or posts to a webhook, and records the export with its members.
import { sql } from 'kysely';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { AudienceColumns } from './audience-columns.js';
import { queryRows } from './compile-query.js';
import { writeExportFile, type ExportColumn, type ExportFormat, type ExportRow } from './export-formats.js';
import { findBaseline, newExportId, recordExport, type Baseline } from './export-history.js';
import { hashEmail, hashFirstPhone, type HashRules } from './hash-identifiers.js';
import { resolveSegment, type CustomSegments } from './segment-catalogue.js';
import { consentColumnsSql, describeSuppressed, suppressionReason, type SuppressionReason } from './suppression.js';
import { postToWebhook, redactUrl, type WebhookOptions, type WebhookReport } from './webhook.js';

/** Columns of a plain export when `columns` is not given (those present in the warehouse, in this order). */
export const defaultExportColumns = ['customer_id', 'primary_email', 'segment', 'recency_days', 'frequency', 'monetary', 'r_score', 'f_score', 'm_score', 'as_of'] as const;
/** Columns a hashed export adds; its default columns. */
export const hashedColumns = ['email_sha256', 'phone_sha256'] as const;
/** Raw identifiers a hashed export refuses to write next to the hashes. */
export const rawIdentifierColumns = ['primary_email', 'emails', 'phones', 'handles', 'accounts'] as const;

export interface SegmentExportOptions {
  readonly segment: string;
  readonly customSegments?: CustomSegments;
  /** File to write; with it, `format` says how. Without it, `webhook` must be given. */
  readonly out?: string;
  readonly format?: ExportFormat;
  readonly columns?: readonly string[];
  /** Write SHA-256 hashes of normalised email and phone instead of raw identifiers. */
  readonly hashed?: HashRules;
  /** Write only who joined (change = add) and who left (change = remove) since the last export to this audience. */
  readonly sinceLast?: boolean;
  readonly bom?: boolean;
  /** Keep members who complained, unsubscribed or bounced, and members without an email: never for email audiences. */
  readonly includeSuppressed?: boolean;
  readonly webhook?: WebhookOptions;
  readonly runId?: string | null;
  readonly now?: Date;
}

export interface SegmentExportResult {
  readonly exportId: string;
  readonly segment: string;
  readonly file: string | null;
  readonly columns: readonly string[];
  readonly members: number;
  readonly rows: number;
  readonly added: number | null;
  readonly removed: number | null;
  readonly baselineExportId: string | null;
  readonly suppressed: Readonly<Partial<Record<SuppressionReason, number>>>;
  /** "12 left out: 5 unsubscribed, ..." */
  readonly suppressedText: string;
  readonly webhook: WebhookReport | null;
}

/**
 * Exports `segment` (an RFM segment or a custom one) as the options say, and records it in segment_exports.
 * Leaves the file complete or absent (a partial write is kept as `<out>.err`); a failed export is recorded as failed
 * and never serves as the baseline of a later `sinceLast`.
 * @throws Error naming the segment and the cause: unknown segment or column, bad filter, write or webhook failure.
 * @example await exportSegment(wh, { segment: 'At Risk', out: 'at-risk.csv', format: 'csv' });
 */
export async function exportSegment(wh: Warehouse, options: SegmentExportOptions): Promise<SegmentExportResult> {
  if (!options.out && !options.webhook) throw new Error(`export of segment "${options.segment}": give a file (--out) or a webhook`);
  const segment = await resolveSegment(wh, options.segment, options.customSegments ?? {});
  const columns = chooseColumns(segment.columns, options, segment.name);
  const selected = columns.filter((c) => !(hashedColumns as readonly string[]).includes(c.name));
  const rows = await queryRows<Record<string, unknown>>(wh, sql`
    SELECT c.customer_id AS __key, ${consentColumnsSql}, c.primary_email AS __email, c.phones AS __phones
      ${sql.join(selected.map((c) => sql`, ${sql.ref(segment.columns.byName.get(c.name)!.ref)} AS ${sql.id(c.name)}`), sql``)}
    FROM ${segment.columns.from} WHERE ${segment.where} ORDER BY c.customer_id`);

  const suppressed: Partial<Record<SuppressionReason, number>> = {};
  const leaveOut = (reason: SuppressionReason) => { suppressed[reason] = (suppressed[reason] ?? 0) + 1; };
  const members = new Map<string, ExportRow>();
  for (const r of rows) {
    const reason = options.includeSuppressed ? null : suppressionReason({
      complained: r.__complained as boolean, unsubscribed: r.__unsubscribed as boolean, bounced: r.__bounced as boolean
    });
    if (reason) { leaveOut(reason); continue; }
    const row: Record<string, unknown> = Object.fromEntries(selected.map((c) => [c.name, r[c.name]]));
    if (options.hashed) {
      row.email_sha256 = hashEmail(r.__email as string | null);
      row.phone_sha256 = hashFirstPhone(r.__phones as string[] | null, options.hashed);
      if (row.email_sha256 === null && row.phone_sha256 === null) { leaveOut('no_usable_identifier'); continue; }
    } else if (!options.includeSuppressed && r.__email === null) {
      leaveOut('no_email');
      continue;
    }
    members.set(r.__key as string, Object.fromEntries(columns.map((c) => [c.name, row[c.name] ?? null])));
  }

  const audience = `${options.hashed ? `hashed-${options.hashed.platform}` : 'plain'}${options.includeSuppressed ? '+all' : ''}`;
  const baseline = options.sinceLast ? await findBaseline(wh, segment.name, audience) : null;
  const delta = options.sinceLast ? diff(members, baseline, columns) : null;
  const outColumns: ExportColumn[] = delta ? [{ name: 'change', type: 'VARCHAR', kind: 'text' }, ...columns] : columns;
  const outRows = delta ? delta.rows : [...members.values()];

  const now = options.now ?? new Date();
  const exportId = newExportId(now);
  const destination = [options.out, options.webhook && `webhook ${redactUrl(options.webhook.url)}`].filter(Boolean).join(' + ');
  const record = {
    exportId, segment: segment.name, audience, format: options.out ? (options.format ?? 'csv') : null, destination,
    columns: outColumns.map((c) => c.name), sinceLast: options.sinceLast ?? false, baselineExportId: baseline?.exportId ?? null,
    members: members.size, rowsWritten: outRows.length, added: delta?.added ?? null, removed: delta?.removed ?? null,
    suppressed, runId: options.runId ?? null, exportedAt: now,
  };
  let webhook: WebhookReport | null = null;
  try {
    if (options.out) await writeExportFile(wh, options.out, options.format ?? 'csv', outColumns, outRows, { bom: options.bom ?? false });
    if (options.webhook) {
      webhook = await postToWebhook(outRows, { segment: segment.name, exportId }, options.webhook);
      if (!webhook.ok) throw new Error(`webhook: ${webhook.failed?.error}; delivered ${webhook.delivered} of ${webhook.batches} batches`);
    }
  } catch (error) {
    const message = `export ${exportId} of segment "${segment.name}" failed: ${(error as Error).message}`;
    await recordExport(wh, { ...record, status: 'failed', error: message }, new Map());
    throw new Error(message, { cause: error });
  }
  await recordExport(wh, { ...record, status: 'success', error: null }, members);
  return {
    exportId, segment: segment.name, file: options.out ?? null, columns: record.columns, members: members.size, rows: outRows.length,
    added: record.added, removed: record.removed, baselineExportId: record.baselineExportId, suppressed,
    suppressedText: describeSuppressed(suppressed), webhook,
  };
}

/** The export's columns, checked against the allow-list: unknown names and raw identifiers in hashed files are refused. */
function chooseColumns(available: AudienceColumns, options: SegmentExportOptions, segment: string): ExportColumn[] {
  const hashed = options.hashed !== undefined;
  const names = options.columns ?? (hashed ? hashedColumns : defaultExportColumns.filter((c) => available.byName.has(c)));
  const problems: string[] = [];
  const out: ExportColumn[] = [];
  for (const name of names) {
    if ((hashedColumns as readonly string[]).includes(name)) {
      if (hashed) out.push({ name, type: 'VARCHAR', kind: 'text' });
      else problems.push(`"${name}" is only written by hashed exports (--hashed)`);
    } else if (hashed && (rawIdentifierColumns as readonly string[]).includes(name)) {
      problems.push(`"${name}" is a raw identifier; a hashed export writes only ${hashedColumns.join(' and ')}`);
    } else if (name === 'change') {
      problems.push('"change" is added by --since-last; do not list it');
    } else {
      const col = available.byName.get(name);
      if (col) out.push({ name, type: col.type, kind: col.kind });
      else problems.push(`unknown column "${name}": ${available.describe(name)}`);
    }
  }
  if (new Set(names).size !== names.length) problems.push('a column is listed twice');
  if (out.length === 0 && problems.length === 0) problems.push('no columns to write');
  if (problems.length > 0) throw new Error(`export of segment "${segment}": bad columns:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return out;
}

/** Adds (members not in the baseline) then removes (baseline members no longer in), each ordered by customer id. */
function diff(members: ReadonlyMap<string, ExportRow>, baseline: Baseline | null, columns: readonly ExportColumn[]) {
  const before = baseline?.members ?? new Map<string, ExportRow>();
  const adds = [...members.keys()].filter((k) => !before.has(k)).sort();
  const removes = [...before.keys()].filter((k) => !members.has(k)).sort();
  // A removed member is written as it was exported then, so the receiver can find exactly what it was sent.
  const project = (r: ExportRow) => Object.fromEntries(columns.map((c) => [c.name, r[c.name] ?? null]));
  const rows: ExportRow[] = [
    ...adds.map((k) => ({ change: 'add', ...members.get(k) })),
    ...removes.map((k) => ({ change: 'remove', ...project(before.get(k)!) })),
  ];
  return { rows, added: adds.length, removed: removes.length };
}
