// Retention: deletes raw rows older than each channel's configured period, after the analytics of the run used them.
import { randomUUID } from 'node:crypto';
import { channels as defaultChannels, type ChannelRegistry } from '../sources/contracts/index.js';
import { ident, type Warehouse } from '../warehouse/warehouse.js';
import { recordAudit } from './audit.js';
import type { RetentionConfig, RetentionPeriod } from './privacy-config.js';

/** What retention removed from one table. */
export interface RetentionRemoval {
  readonly table: string;
  readonly rows: number;
  /** Rows older than this (UTC, ISO) went. */
  readonly before: string;
}

/** The first moment that is kept: `now` less the period, in calendar units (UTC). */
export function retentionCutoff(now: Date, period: RetentionPeriod): Date {
  const d = new Date(now.getTime());
  if (period.unit === 'day') d.setUTCDate(d.getUTCDate() - period.count);
  else if (period.unit === 'week') d.setUTCDate(d.getUTCDate() - 7 * period.count);
  else if (period.unit === 'month') d.setUTCMonth(d.getUTCMonth() - period.count);
  else d.setUTCFullYear(d.getUTCFullYear() - period.count);
  return d;
}

/**
 * Deletes, for every channel with a retention period, the rows of its table whose time field is before the cutoff,
 * and the quarantined records of its sources (`sourcesOf`) quarantined before it; in one transaction, recorded in
 * privacy_audit. When rows went, the next identity and customer_360 builds are full ones (the identity build state is
 * cleared; a `customers_touched` row with no id), so links and all-time counts come from what remains, as a full
 * rebuild would. History tables (rfm_history, segment transitions, cohorts of past months) hold
 * no raw rows and stay: they record what earlier runs computed.
 * @example await applyRetention(wh, { email: RetentionPeriod.parse('24 months') }, (c) => ['email'], { now: new Date(), actor: 'daily' });
 */
export async function applyRetention(
  wh: Warehouse,
  retention: RetentionConfig,
  sourcesOf: (channel: string) => readonly string[],
  options: { readonly now: Date; readonly actor: string; readonly registry?: ChannelRegistry },
): Promise<RetentionRemoval[]> {
  const registry: ChannelRegistry = options.registry ?? defaultChannels;
  const entries = Object.entries(retention).filter((e): e is [string, RetentionPeriod] => e[1] !== undefined);
  if (entries.length === 0) return [];
  return wh.transaction(async () => {
    const removed: RetentionRemoval[] = [];
    const tables = new Set((await wh.all<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'main'`)).map((r) => r.t));
    for (const [name, period] of entries) {
      const channel = registry[name];
      if (!channel || !tables.has(channel.table)) continue;
      const before = retentionCutoff(options.now, period);
      const table = ident(channel.table);
      const old = `${ident(channel.timeField)} < $1`; // the event's own time, not when it was loaded
      const [{ n } = { n: 0 }] = await wh.all<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${old}`, [before]);
      if (n > 0) await wh.run(`DELETE FROM ${table} WHERE ${old}`, [before]);
      removed.push({ table: channel.table, rows: n, before: before.toISOString() });
      const sources = sourcesOf(name);
      if (sources.length > 0) {
        const where = `source IN (${sources.map((_, i) => `$${i + 2}`).join(', ')}) AND quarantined_at < $1`;
        const [{ q } = { q: 0 }] = await wh.all<{ q: number }>(`SELECT count(*) AS q FROM quarantine WHERE ${where}`, [before, ...sources]);
        if (q > 0) await wh.run(`DELETE FROM quarantine WHERE ${where}`, [before, ...sources]);
        removed.push({ table: `quarantine (${sources.join(', ')})`, rows: q, before: before.toISOString() });
      }
    }
    if (removed.some((r) => r.rows > 0)) {
      // Rows that linked identities may be gone, so components may split: the incremental builds only add and recount,
      // so the next identity build and customer_360 are full ones (customer ids are kept by customer_ids).
      if (tables.has('identity_build_state')) await wh.run('DELETE FROM identity_build_state');
      if (tables.has('customers_touched')) await wh.run('INSERT INTO customers_touched VALUES (NULL)');
    }
    await recordAudit(wh, {
      auditId: `retention-${randomUUID()}`, action: 'retention', actor: options.actor,
      counts: Object.fromEntries(removed.map((r) => [r.table, r.rows])), status: 'done', at: options.now,
    });
    return removed;
  });
}
