// Retention: the daily pipeline deletes raw rows past each channel's period, and incremental still equals a full rebuild.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetentionPeriod } from '../../privacy/privacy-config.js';
import { retentionCutoff } from '../../privacy/retention.js';
import { analyticTables, compareWarehouses } from '../helpers/compare-tables.js';
import { runCli, writeConfig } from '../helpers/cli-run.js';
import { queryFile } from '../helpers/query-file.js';

let dir: string;
let warehouse: string;
const config = (d: string) => ['--config', path.join(d, 'rapport.config.mjs')];

const one = async <T>(file: string, sql: string): Promise<T> => (await queryFile<T>(file, sql))[0]!;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-retention-'));
  warehouse = path.join(dir, 'data/warehouse.duckdb');
  const sample = await runCli(['sample', '--customers', '120', '--seed', '5', '--out', path.join(dir, 'data/sample')], dir, {});
  expect(sample.code, sample.err).toBe(0);
  await writeConfig(dir, {
    warehouse: 'data/warehouse.duckdb',
    sources: {
      orders: { connector: 'file', channel: 'orders', path: 'data/sample/orders.csv' },
      email: { connector: 'file', channel: 'email', path: 'data/sample/email_events.csv' },
      social: { connector: 'file', channel: 'social', path: 'data/sample/social_interactions.ndjson' },
    },
    identity: { defaultCountry: 'DE', fallbackCountries: ['US'] },
    retention: { email: '12 months', social: '26 weeks' },
  });
}, 120_000);

afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('retention', () => {
  it('computes cutoffs in calendar units', () => {
    const now = new Date('2026-03-31T10:00:00Z');
    expect(retentionCutoff(now, RetentionPeriod.parse('24 months')).toISOString()).toBe('2024-03-31T10:00:00.000Z');
    expect(retentionCutoff(now, RetentionPeriod.parse('2 weeks')).toISOString()).toBe('2026-03-17T10:00:00.000Z');
    expect(retentionCutoff(now, RetentionPeriod.parse('1 year')).toISOString()).toBe('2025-03-31T10:00:00.000Z');
    expect(RetentionPeriod.safeParse('2 decades').error?.issues[0]?.message).toMatch(/expected a period such as "24 months"/);
  });

  it('deletes email and social rows past their period after the analytics, keeps orders, and incremental equals a full rebuild', async () => {
    const first = await runCli(['run', 'daily', ...config(dir)], dir, {});
    expect(first.code, first.out + first.err).toBe(0);
    const now = new Date();
    const emailCut = retentionCutoff(now, RetentionPeriod.parse('12 months')).toISOString();
    const socialCut = retentionCutoff(now, RetentionPeriod.parse('26 weeks')).toISOString();
    // Nothing older than its period is left; orders (no retention) still reach back to the start of the sample.
    expect(await one(warehouse, `SELECT count(*) FILTER (WHERE occurred_at < '${emailCut}')::INT AS old, count(*)::INT AS kept FROM email_events`))
      .toMatchObject({ old: 0, kept: expect.any(Number) });
    expect(await one(warehouse, `SELECT count(*)::INT AS old FROM social_interactions WHERE occurred_at < '${socialCut}'`)).toEqual({ old: 0 });
    expect(await one(warehouse, `SELECT (min(ordered_at) < '${emailCut}'::TIMESTAMP) AS older FROM order_lines`)).toEqual({ older: true });
    // The step ran last and said how much it removed; privacy_audit has the same counts.
    const step = await one<{ rows_out: number; deps: string }>(warehouse, `SELECT rows_out::INT AS rows_out FROM pipeline_steps WHERE step = 'retention'`);
    expect(step.rows_out).toBeGreaterThan(1000);
    const audit = await one<{ counts: string }>(warehouse, `SELECT counts FROM privacy_audit WHERE action = 'retention'`);
    const counts = JSON.parse(audit.counts) as Record<string, number>;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(step.rows_out);
    expect(counts.email_events).toBeGreaterThan(0);
    expect(counts.social_interactions).toBeGreaterThan(0);

    // Incremental (a second run) equals a full rebuild (--rebuild) of the same warehouse.
    const full = path.join(dir, 'full');
    await copyFile(warehouse, path.join(dir, 'full.duckdb'));
    const second = await runCli(['run', 'daily', ...config(dir)], dir, {});
    expect(second.code, second.out + second.err).toBe(0);
    const rebuilt = await runCli(['run', 'daily', '--rebuild', ...config(dir)], dir, { RAPPORT_WAREHOUSE: `${full}.duckdb` });
    expect(rebuilt.code, rebuilt.out + rebuilt.err).toBe(0);
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    try {
      expect(await compareWarehouses(c, warehouse, `${full}.duckdb`, analyticTables)).toEqual([]);
    } finally {
      c.closeSync();
      db.closeSync();
    }
    // And customer_360 counts only the email sends that remain (every send's address belongs to some customer).
    const sends = await one<{ counted: number; kept: number }>(warehouse, `SELECT (SELECT sum(email_sends) FROM customer_360)::INT AS counted,
      (SELECT count(*) FROM email_events WHERE event_type = 'send' AND occurred_at < (SELECT max(as_of) FROM customer_360))::INT AS kept`);
    expect(sends.counted).toBe(sends.kept);
  }, 600_000);
});
