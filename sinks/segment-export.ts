// Exports one segment: picks its members, leaves out who must not be contacted, hashes or diffs on request, writes the
// file and/or posts to a webhook, and records the export with its members.
import type { Warehouse } from '../warehouse/warehouse.js';
import type { AudienceColumnName, AudienceColumns } from './audience-columns.js';
import { copyExportFile, copyWritable, jsonLineSql } from './copy-export.js';
import { writeExportFile, writeFormat, type ExportColumn, type ExportFormat, type ExportRow } from './export-formats.js';
import { findBaseline, newExportId, recordExport, type Baseline } from './export-history.js';
import { dropMembers, keptMemberRows, selectMembers, type ExportKey, type MemberSelection } from './export-members.js';
import { hashEmail, hashFirstPhone, type HashRules } from './hash-identifiers.js';
import { resolveSegment, type CustomSegments } from './segment-catalogue.js';
import { describeSuppressed, type SuppressionReason } from './suppression.js';
import { postToWebhook, redactUrl, type WebhookOptions, type WebhookReport } from './webhook.js';
import { writeAtomically } from '../shared/write-atomically.js';

/** Columns of a plain export when `columns` is not given (those present in the warehouse, in this order). */
export const defaultExportColumns = ['customer_id', 'primary_email', 'segment', 'recency_days', 'frequency', 'monetary', 'r_score', 'f_score', 'm_score', 'as_of'] as const satisfies readonly AudienceColumnName[];
/** Columns a hashed export adds; its default columns. */
export const hashedColumns = ['email_sha256', 'phone_sha256'] as const;
/** Raw identifiers a hashed export refuses to write next to the hashes. */
export const rawIdentifierColumns = ['primary_email', 'emails', 'phones', 'handles', 'accounts'] as const satisfies readonly AudienceColumnName[];

export interface SegmentExportOptions {
  readonly segment: string;
  readonly customSegments?: CustomSegments;
  /** File to write; with it, `format` says how. Without it, `webhook` must be given. */
  readonly out?: string;
  readonly format?: ExportFormat;
  readonly columns?: readonly string[];
  /** Write SHA-256 hashes of normalised email and phone instead of raw identifiers. */
  readonly hashed?: HashRules;
  /**
   * Write only who joined (change = add) and who left (change = remove) since the previous delta export of the
   * segment to the same destination (file and/or webhook) and audience.
   */
  readonly sinceLast?: boolean;
  /**
   * What identifies a member for the receiver: `email` (default: members without an email are left out),
   * `customer_id` (everyone, for shops that know customers only by id) or `account` (members with an account
   * reference). Consent (complaints, unsubscribes, bounces) is honoured whatever the key.
   */
  readonly key?: ExportKey;
  readonly bom?: boolean;
  /** Keep members who complained, unsubscribed or bounced, and members without an email: never for email audiences. */
  readonly includeSuppressed?: boolean;
  readonly webhook?: WebhookOptions;
  /**
   * What the export record names as its destination, instead of the file path and/or webhook: for a file written to a
   * temporary place and handed on (the web app's downloads), so its next `sinceLast` finds this one as its baseline.
   */
  readonly destination?: string;
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
  /** Set when the export is empty or left out more members than it kept: what happened, with the counts by reason. */
  readonly warning: string | null;
}

/**
 * Exports `segment` (an RFM segment or a custom one) as the options say, and records it in segment_exports.
 * Members, suppression and (for plain files) the file and the member record come from DuckDB in one pass each: a
 * temp table of the members with their reasons, one COPY, one INSERT ... SELECT. Hashed and delta exports, Arrow
 * files and webhooks take the rows through JS. Leaves the file complete or absent (a partial write is kept as
 * `<out>.err`); a failed export is recorded as failed with the rows that reached their destination (0 for a file
 * that could not be written), and never serves as the baseline of a later `sinceLast`.
 * @throws Error naming the segment and the cause: unknown segment or column, bad filter, write or webhook failure.
 * @example await exportSegment(wh, { segment: 'At Risk', out: 'at-risk.csv', format: 'csv' });
 */
export async function exportSegment(wh: Warehouse, options: SegmentExportOptions): Promise<SegmentExportResult> {
  if (!options.out && !options.webhook) throw new Error(`export of segment "${options.segment}": give a file (--out) or a webhook`);
  const segment = await resolveSegment(wh, options.segment, options.customSegments ?? {});
  const key = options.key ?? 'email';
  const columns = chooseColumns(segment.columns, options, segment.name, key);
  const selected = columns.filter((c) => !(hashedColumns as readonly string[]).includes(c.name));
  const selection = await selectMembers(wh, segment, selected, { key, includeSuppressed: options.includeSuppressed ?? false, hashed: options.hashed !== undefined });
  try {
    return await exportMembers(wh, options, segment.name, key, columns, selected, selection);
  } finally {
    await dropMembers(wh, selection.table).catch(() => {}); // a temp table: gone with the connection anyway; never hide the export's own error
  }
}

/** The rest of {@link exportSegment}, once the members are in `selection.table`: write, post, record. */
async function exportMembers(
  wh: Warehouse, options: SegmentExportOptions, segmentName: string, key: ExportKey,
  columns: ExportColumn[], selected: readonly ExportColumn[], selection: MemberSelection,
): Promise<SegmentExportResult> {
  const format = options.format ?? 'csv';
  const membersTable = selection.table;
  const suppressed = { ...selection.suppressed };
  const audience = `${options.hashed ? `hashed-${options.hashed.platform}` : key === 'email' ? 'plain' : `by-${key}`}${options.includeSuppressed ? '+all' : ''}`;
  const destination = options.destination ?? [options.out, options.webhook && `webhook ${redactUrl(options.webhook.url)}`].filter(Boolean).join(' + ');
  const now = options.now ?? new Date();
  const exportId = newExportId(now);
  const record = {
    exportId, segment: segmentName, audience, format: options.out ? format : null, destination, sinceLast: options.sinceLast ?? false,
    suppressed, runId: options.runId ?? null, exportedAt: now,
  };

  // The common case, a plain file: COPY from the members table, and the member record selected from it too.
  const copyable = options.out && !options.webhook && !options.hashed && !options.sinceLast && selection.kept > 0 && copyWritable(format, selected);
  let copied = false;
  let members: Map<string, ExportRow> | null = null;
  let outRows: ExportRow[] = [];
  let delta: ReturnType<typeof diff> | null = null;
  let baseline: Baseline | null = null;
  let webhook: WebhookReport | null = null;
  let fileWritten = false;
  const outColumns = (): ExportColumn[] => (delta ? [{ name: 'change', type: 'VARCHAR', kind: 'text' }, ...columns] : columns);
  const jsRows = async () => {
    members = membersFromRows(await keptMemberRows(wh, membersTable), selected, columns, options.hashed, suppressed);
    baseline = options.sinceLast ? await findBaseline(wh, segmentName, audience, destination) : null;
    delta = options.sinceLast ? diff(members, baseline, columns) : null;
    outRows = delta ? delta.rows : [...members.values()];
  };
  try {
    if (copyable) {
      await writeAtomically(options.out!, async (tmp) => {
        copied = await copyExportFile(wh, membersTable, tmp, format, columns, { bom: options.bom ?? false });
        if (!copied) {
          await jsRows();
          await writeFormat(wh, tmp, format, outColumns(), outRows, { bom: options.bom ?? false });
        }
      });
      fileWritten = true;
    } else {
      await jsRows();
      if (options.out) {
        await writeExportFile(wh, options.out, format, outColumns(), outRows, { bom: options.bom ?? false });
        fileWritten = true;
      }
      if (options.webhook) {
        webhook = await postToWebhook(outRows, { segment: segmentName, exportId }, options.webhook);
        if (!webhook.ok) throw new Error(`webhook: ${webhook.failed?.error}; delivered ${webhook.delivered} of ${webhook.batches} batches`);
      }
    }
  } catch (error) {
    const message = `export ${exportId} of segment "${segmentName}" failed: ${(error as Error).message}`;
    // Honest about what arrived: the rows a webhook took before it failed, else the file's rows if it was written.
    const arrived = webhook ? webhook.rowsDelivered : fileWritten ? outRows.length : 0;
    await recordExport(wh, {
      ...record, ...counts(members, selection.kept, arrived, delta, baseline), columns: outColumns().map((c) => c.name), status: 'failed', error: message,
    }, new Map());
    throw new Error(message, { cause: error });
  }
  const rowsWritten = copied ? selection.kept : outRows.length;
  const written = { ...record, ...counts(members, selection.kept, rowsWritten, delta, baseline), columns: outColumns().map((c) => c.name) };
  await recordExport(wh, { ...written, status: 'success', error: null },
    copied ? { from: `${membersTable} WHERE __reason IS NULL`, key: '__key', rowJson: jsonLineSql(columns) } : members ?? new Map());
  return {
    exportId, segment: segmentName, file: options.out ?? null, columns: written.columns, members: written.members, rows: rowsWritten,
    added: written.added, removed: written.removed, baselineExportId: written.baselineExportId, suppressed,
    suppressedText: describeSuppressed(suppressed), webhook, warning: leftOutWarning(segmentName, written.members, rowsWritten, suppressed, key),
  };
}

/** The record's counts: members kept, rows that arrived, and the delta's adds and removes against its baseline. */
function counts(members: ReadonlyMap<string, ExportRow> | null, kept: number, rowsWritten: number, delta: { added: number; removed: number } | null, baseline: Baseline | null) {
  return {
    members: members ? members.size : kept, rowsWritten, added: delta?.added ?? null, removed: delta?.removed ?? null,
    baselineExportId: baseline?.exportId ?? null,
  };
}

/**
 * The kept members as export rows, keyed by customer id, hashing identifiers for hashed exports (a member with no
 * usable email or phone is left out as `no_usable_identifier`, counted into `suppressed`).
 */
function membersFromRows(
  rows: readonly Record<string, unknown>[], selected: readonly ExportColumn[], columns: readonly ExportColumn[],
  hashed: HashRules | undefined, suppressed: Partial<Record<SuppressionReason, number>>,
): Map<string, ExportRow> {
  const members = new Map<string, ExportRow>();
  for (const r of rows) {
    const row: Record<string, unknown> = Object.fromEntries(selected.map((c) => [c.name, r[c.name]]));
    if (hashed) {
      row.email_sha256 = hashEmail(r.__email as string | null);
      row.phone_sha256 = hashFirstPhone(r.__phones as string[] | null, hashed);
      if (row.email_sha256 === null && row.phone_sha256 === null) {
        suppressed.no_usable_identifier = (suppressed.no_usable_identifier ?? 0) + 1;
        continue;
      }
    }
    members.set(r.__key as string, Object.fromEntries(columns.map((c) => [c.name, row[c.name] ?? null])));
  }
  return members;
}

/**
 * A warning for the run when an export is empty or leaves out more members than it keeps, with the counts by
 * reason and, when everyone lacks an email, the way to key the export by customer id or account instead.
 */
function leftOutWarning(
  segment: string, kept: number, rows: number, suppressed: Readonly<Partial<Record<SuppressionReason, number>>>, key: ExportKey,
): string | null {
  const left = Object.values(suppressed).reduce((n, c) => n + (c ?? 0), 0);
  // An empty delta with its members all kept is news (nobody changed), not a problem.
  if (!(kept === 0 || left > kept)) return null;
  const what = kept === 0 ? 'is empty' : 'left out most members';
  const hint = key === 'email' && (suppressed.no_email ?? 0) > kept
    ? "; for customers known only by id, export keyed by customer id or account (key: 'customer_id' or 'account', --key)" : '';
  const total = kept + left;
  return `export of segment "${segment}" ${what}: ${rows} of ${total} member${total === 1 ? '' : 's'} written, ${describeSuppressed(suppressed)}${hint}`;
}

/** The export's columns, checked against the allow-list: unknown names and raw identifiers in hashed files are refused. */
function chooseColumns(available: AudienceColumns, options: SegmentExportOptions, segment: string, key: ExportKey): ExportColumn[] {
  const hashed = options.hashed !== undefined;
  // Keyed by customer id, the email column would be empty for the customers this is for; by account, accounts replaces it.
  const keyed = key === 'email' ? defaultExportColumns : defaultExportColumns.flatMap((c) => (c !== 'primary_email' ? [c] : key === 'account' ? ['accounts'] : []));
  const names = options.columns ?? (hashed ? hashedColumns : keyed.filter((c) => available.byName.has(c)));
  const problems: string[] = [];
  if (hashed && key !== 'email') problems.push(`key "${key}" applies to plain exports; a hashed export is matched by its hashes`);
  if (key === 'account' && !available.byName.has('accounts')) problems.push('key "account" needs the accounts column of customer_360');
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
