// `rapport export segment <name>`: writes a segment to a file and/or a webhook and says who was left out and why.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { CountryCode } from 'libphonenumber-js';
import { loadConfig } from '../../config/load-config.js';
import { exportFormats, type ExportFormat } from '../../sinks/export-formats.js';
import { exportKeys, type ExportKey } from '../../sinks/export-members.js';
import { hashPlatforms, type HashPlatform } from '../../sinks/hash-identifiers.js';
import { exportSegment } from '../../sinks/segment-export.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { UsageError, type Command } from '../command.js';

const byExtension: Readonly<Record<string, ExportFormat>> = {
  '.csv': 'csv', '.parquet': 'parquet', '.json': 'json', '.ndjson': 'ndjson', '.jsonl': 'ndjson', '.arrow': 'arrow', '.feather': 'arrow',
};

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a segment to CSV, Parquet, JSON, NDJSON or Arrow, or POST it to a webhook',
  help: `Usage: rapport export segment <name> --out FILE [--format csv|parquet|json|ndjson|arrow] [options]
       rapport export segment <name> --webhook URL [options]

<name> is an RFM segment ("At Risk") or a custom segment from the config; its slug ("at-risk") works too.
By default the export is an email audience: members who complained, unsubscribed or bounced, and members
without an email, are left out, and the summary says how many and why.

Options:
  --out FILE             File to write (written under a temporary name and renamed when complete).
  --format F             csv | parquet | json | ndjson | arrow (Arrow IPC file). Default: from the --out extension.
  --columns a,b,c        Columns to write (any column of customer_360, rfm_segments, clv_predictions).
  --hashed               Write email_sha256 and phone_sha256 (normalised, then SHA-256) for ad-platform
                         customer-match uploads instead of raw identifiers.
  --platform P           google (phone as +E.164, default) | meta (E.164 digits without "+"); with --hashed.
  --phone-country CC     Country for phones written without a country code (e.g. GB); with --hashed.
  --since-last           Write only who joined (change=add) and who left (change=remove) since the previous
                         --since-last export of this segment to the same file or webhook (and audience).
  --key K                email (default) | customer_id | account: what identifies a member. customer_id keeps
                         members without an email (shops that know customers only by id); account keeps
                         members with an account reference. Complaints, unsubscribes and bounces still apply.
  --bom                  CSV: start with a UTF-8 byte-order mark (for Excel on Windows).
  --include-suppressed   Keep members who complained, unsubscribed or bounced, or have no email. ONLY for
                         non-email uses (analysis); never load such a file into an email tool.
  --webhook URL          POST the rows in JSON batches to URL (retried, with an Idempotency-Key per batch).
  --webhook-token-env V  Send "Authorization: Bearer $V" to the webhook.
  --batch-size N         Rows per webhook POST (default 500).
  --config FILE          Config file (default: rapport.config.ts in the current folder).

Examples:
  rapport export segment "At Risk" --out at-risk.csv --bom
  rapport export segment champions --format parquet --out champions.parquet --columns customer_id,monetary
  rapport export segment "At Risk" --hashed --platform meta --out at-risk-meta.csv
  rapport export segment "At Risk" --since-last --out at-risk-changes.csv
  rapport export segment "At Risk" --key customer_id --out at-risk-by-id.csv`,
  options: {
    out: { type: 'string' },
    format: { type: 'string' },
    columns: { type: 'string' },
    hashed: { type: 'boolean' },
    platform: { type: 'string' },
    'phone-country': { type: 'string' },
    'since-last': { type: 'boolean' },
    bom: { type: 'boolean' },
    'include-suppressed': { type: 'boolean' },
    key: { type: 'string' },
    webhook: { type: 'string' },
    'webhook-token-env': { type: 'string' },
    'batch-size': { type: 'string' },
    config: { type: 'string' },
  },
  async run({ values, positionals }, io) {
    const [what, name, ...extra] = positionals;
    if (what !== 'segment' || !name || extra.length > 0) throw new UsageError('usage: rapport export segment <name> --out FILE [options] (see rapport export --help)');
    const v = values as Record<string, string | boolean | undefined>;
    const out = typeof v.out === 'string' ? path.resolve(io.cwd, v.out) : undefined;
    const webhookUrl = typeof v.webhook === 'string' ? v.webhook : undefined;
    if (!out && !webhookUrl) throw new UsageError('give --out FILE, --webhook URL, or both');
    if (out && (await stat(out).catch(() => null))?.isDirectory()) throw new UsageError(`--out ${out} is a folder; give a file name`);
    const format = (v.format as string | undefined) ?? (out ? byExtension[path.extname(out).toLowerCase()] : undefined) ?? (out ? undefined : 'csv');
    if (!format || !(exportFormats as readonly string[]).includes(format)) {
      throw new UsageError(`--format: expected one of ${exportFormats.join(', ')}${v.format ? `, got "${v.format}"` : ` (cannot tell from the file name ${out})`}`);
    }
    const platform = (v.platform as string | undefined) ?? 'google';
    if (!(hashPlatforms as readonly string[]).includes(platform)) throw new UsageError(`--platform: expected google or meta, got "${platform}"`);
    if ((v.platform || v['phone-country']) && !v.hashed) throw new UsageError('--platform and --phone-country only apply with --hashed');
    const country = v['phone-country'] as string | undefined;
    if (country !== undefined && !/^[A-Z]{2}$/.test(country)) throw new UsageError(`--phone-country: expected a two-letter ISO code such as GB, got "${country}"`);
    const batchSize = v['batch-size'] === undefined ? undefined : Number(v['batch-size']);
    if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0)) throw new UsageError(`--batch-size: expected a positive integer, got "${v['batch-size']}"`);
    const key = v.key as string | undefined;
    if (key !== undefined && !(exportKeys as readonly string[]).includes(key)) throw new UsageError(`--key: expected ${exportKeys.join(', ')}, got "${key}"`);
    const tokenEnv = v['webhook-token-env'] as string | undefined;
    if (tokenEnv !== undefined && !io.env[tokenEnv]) throw new UsageError(`--webhook-token-env: environment variable ${tokenEnv} is not set`);

    const loaded = await loadConfig((v.config as string | undefined) ?? 'rapport.config.ts', io.env);
    const wh = await openWarehouse(loaded.warehouse);
    try {
      const r = await exportSegment(wh, {
        segment: name,
        customSegments: loaded.config.segments,
        ...(out ? { out, format: format as ExportFormat } : {}),
        ...(typeof v.columns === 'string' ? { columns: v.columns.split(',').map((c) => c.trim()).filter(Boolean) } : {}),
        ...(v.hashed ? { hashed: { platform: platform as HashPlatform, ...(country ? { phoneCountry: country as CountryCode } : {}) } } : {}),
        sinceLast: v['since-last'] === true,
        bom: v.bom === true,
        includeSuppressed: v['include-suppressed'] === true,
        ...(key ? { key: key as ExportKey } : {}),
        ...(webhookUrl ? { webhook: {
          url: webhookUrl,
          ...(batchSize ? { batchSize } : {}),
          ...(tokenEnv ? { headers: { authorization: `Bearer ${io.env[tokenEnv]}` } } : {}),
        } } : {}),
      });
      io.out(`exported segment "${r.segment}" (${r.exportId}): ${r.rows} rows${r.file ? ` -> ${r.file}` : ''}`);
      io.out(`  members ${r.members}; suppressed: ${r.suppressedText}`);
      if (r.warning) io.out(`  WARNING: ${r.warning}`);
      if (v['include-suppressed']) io.out('  WARNING: suppression was off (--include-suppressed): do not use this file for email');
      if (r.added !== null) {
        io.out(`  since ${r.baselineExportId ?? 'no previous export (first export: everyone is an add)'}: ${r.added} added, ${r.removed} removed`);
      }
      if (r.webhook) io.out(`  webhook ${r.webhook.url}: ${r.webhook.delivered}/${r.webhook.batches} batches, ${r.webhook.rowsDelivered} rows, ${r.webhook.attempts} attempts`);
      return 0;
    } finally {
      wh.close();
    }
  },
};
