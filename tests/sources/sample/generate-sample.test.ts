// Checks generateSample's contract: deterministic bytes per seed, option checks, where files land and what the summary says.
import { access, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateSample } from '../../../sources/sample/index.js';
import type { SampleOptions } from '../../../sources/sample/index.js';

const FILES = ['contacts.csv', 'contacts_ground_truth.csv', 'email_events.csv', 'ground_truth.csv', 'orders.csv', 'social_interactions.ndjson', 'support_messages.csv', 'survey_responses.csv'];

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'rapport-sample-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function contents(dir: string): Promise<Record<string, Buffer>> {
  return Object.fromEntries(await Promise.all(FILES.map(async (name) => [name, await readFile(join(dir, name))] as const)));
}

describe('generateSample', () => {
  it('writes byte-identical files for the same seed and options', async () => {
    await generateSample({ customers: 300, seed: 5, outDir: join(root, 'a') });
    await generateSample({ customers: 300, seed: 5, outDir: join(root, 'b') });
    const [a, b] = [await contents(join(root, 'a')), await contents(join(root, 'b'))];
    for (const name of FILES) {
      expect(a[name]?.length, name).toBeGreaterThan(1000);
      expect(a[name]?.equals(b[name] as Buffer), name).toBe(true);
    }
  });

  it('writes different files for a different seed', async () => {
    await generateSample({ customers: 300, seed: 5, outDir: join(root, 'a') });
    await generateSample({ customers: 300, seed: 6, outDir: join(root, 'b') });
    const [a, b] = [await contents(join(root, 'a')), await contents(join(root, 'b'))];
    for (const name of FILES) expect(a[name]?.equals(b[name] as Buffer), name).toBe(false);
  });

  it('creates a missing outDir, leaves only its nine files and reports their absolute paths', async () => {
    const outDir = join(root, 'nested', 'sample');
    const summary = await generateSample({ customers: 50, seed: 1, outDir });
    expect((await readdir(outDir)).sort()).toEqual([...FILES, 'products.csv'].sort());   // products: the same for every seed
    expect(summary.outDir).toBe(outDir);
    expect(summary.files.emailEvents.path).toBe(join(outDir, 'email_events.csv'));
    expect(summary.files.socialInteractions.path).toBe(join(outDir, 'social_interactions.ndjson'));
    expect(summary.files.orders.path).toBe(join(outDir, 'orders.csv'));
    expect(summary.files.groundTruth.path).toBe(join(outDir, 'ground_truth.csv'));
    expect(Object.isFrozen(summary)).toBe(true);
  });

  it('reports counts that match the files', async () => {
    const summary = await generateSample({ customers: 400, seed: 2, outDir: root });
    const lines = async (name: string) => (await readFile(join(root, name), 'utf8')).split('\n').length - 1;
    expect(summary.files.emailEvents.rows).toBe((await lines('email_events.csv')) - 1);
    expect(summary.files.orders.rows).toBe((await lines('orders.csv')) - 1);
    expect(summary.files.socialInteractions.rows).toBe(await lines('social_interactions.ndjson'));
    expect(summary.files.groundTruth.rows).toBe((await lines('ground_truth.csv')) - 1);
    const { emailEvents, socialInteractions, orders } = summary.files;
    expect(summary.files.groundTruth.rows).toBe(emailEvents.records + socialInteractions.records + orders.records);
    expect(summary.people.total).toBe(400);
    expect(summary).toMatchObject({ seed: 2, customers: 400, endDate: '2026-10-31', months: 24 });
  });

  it('honours endDate and months for the history window', async () => {
    const summary = await generateSample({ customers: 200, seed: 4, outDir: root, endDate: '2025-03-15', months: 6 });
    expect(summary.window).toEqual({ start: '2024-09-16T00:00:00.000Z', end: '2025-03-15T23:59:59.000Z' });
    const stamps = (await readFile(join(root, 'orders.csv'), 'utf8')).match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})/g) ?? [];
    expect(stamps.length).toBeGreaterThan(50);
    // Deliberately broken stamps such as month 13 match the shape but do not parse; they are not part of the window.
    const times = stamps.map((s) => Date.parse(s)).filter(Number.isFinite);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(summary.window.start));
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.parse(summary.window.end));
  });

  it.each<[string, Partial<SampleOptions>]>([
    ['customers below 1', { customers: 0 }],
    ['fractional customers', { customers: 1.5 }],
    ['customers above the limit', { customers: 10_000_001 }],
    ['a seed that is not a safe integer', { seed: Number.NaN }],
    ['an impossible endDate', { endDate: '2026-02-30' }],
    ['a malformed endDate', { endDate: '31.10.2026' }],
    ['zero months', { months: 0 }],
  ])('rejects %s with a RangeError before writing anything', async (_label, override) => {
    const outDir = join(root, 'never');
    await expect(generateSample({ customers: 10, seed: 1, outDir, ...override })).rejects.toThrow(RangeError);
    await expect(access(outDir)).rejects.toThrow();
  });
});
