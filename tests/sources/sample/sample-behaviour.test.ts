// Checks a sample behaves like a real shop's customers: email funnel rates, buying patterns, refunds and social reach.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSample } from '../../../sources/sample/index.js';
import type { SampleSummary } from '../../../sources/sample/index.js';

const CUSTOMERS = 2000;

let dir: string;
let summary: SampleSummary;
/** Well-formed rows only: the tests judge behaviour, not the deliberate breakage. */
let emails: Array<{ id: string; type: string; address: string; at: number; person: string }>;
let orders: Array<{ id: string; status: string; quantity: number; amount: number; at: number; person: string }>;
let social: Array<{ handle: string; person: string }>;

function csv(text: string): string[][] {
  return Papa.parse<string[]>(text, { delimiter: ',', newline: '\n', skipEmptyLines: true }).data.slice(1);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rapport-sample-behaviour-'));
  summary = await generateSample({ customers: CUSTOMERS, seed: 3, outDir: dir });
  const read = (name: string) => readFile(join(dir, name), 'utf8');
  const truth = new Map(csv(await read('ground_truth.csv')).map(([source, id, person]) => [`${source}:${id}`, person as string]));
  const time = (text: string) => (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : NaN);
  emails = csv(await read('email_events.csv'))
    .filter((f) => f.length === 6 && truth.has(`email:${f[0]}`) && !Number.isNaN(time(f[4] ?? '')))
    .map(([id = '', type = '', address = '', , at = '']) => ({ id, type, address: address.trim().toLowerCase(), at: time(at), person: truth.get(`email:${id}`) as string }));
  orders = csv(await read('orders.csv'))
    .filter((f) => f.length === 12 && truth.has(`orders:${f[0]}`) && /^-?\d+\.\d{2}$/.test(f[10] ?? '') && !Number.isNaN(time(f[11] ?? '')))
    .map((f) => ({ id: f[0] ?? '', status: f[5] ?? '', quantity: Number(f[8]), amount: Number(f[10]), at: time(f[11] ?? ''), person: truth.get(`orders:${f[0]}`) as string }));
  social = (await read('social_interactions.ndjson'))
    .split('\n')
    .flatMap((line) => {
      try {
        const o = JSON.parse(line) as { interaction_id: string; handle: string };
        const person = truth.get(`social:${o.interaction_id}`);
        return person === undefined ? [] : [{ handle: o.handle, person }];
      } catch {
        return [];
      }
    });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sample behaviour', () => {
  it('follows a realistic email funnel per send', () => {
    const unique = new Map(emails.map((e) => [e.id, e]));
    const count = (type: string) => [...unique.values()].filter((e) => e.type === type).length;
    const sends = count('send');
    expect(count('delivered') / sends).toBeGreaterThan(0.92);
    expect(count('delivered') / sends).toBeLessThan(0.98);
    expect(count('open') / sends).toBeGreaterThan(0.18);
    expect(count('open') / sends).toBeLessThan(0.32);
    expect(count('click') / sends).toBeGreaterThan(0.02);
    expect(count('click') / sends).toBeLessThan(0.06);
    expect(count('bounce') / sends).toBeGreaterThan(0.005);
    expect(count('bounce') / sends).toBeLessThan(0.015);
    expect(count('unsubscribe') / sends).toBeGreaterThan(0.001);
    expect(count('unsubscribe') / sends).toBeLessThan(0.006);
    expect(count('complaint') / sends).toBeLessThan(0.001);
  });

  it('sends nothing to an address after it bounced, unsubscribed or complained', () => {
    const stoppedAt = new Map<string, number>();
    for (const e of emails) {
      if (['bounce', 'unsubscribe', 'complaint'].includes(e.type)) stoppedAt.set(e.address, Math.min(e.at, stoppedAt.get(e.address) ?? Infinity));
    }
    expect(stoppedAt.size).toBeGreaterThan(20);
    expect(emails.filter((e) => e.type === 'send' && e.at > (stoppedAt.get(e.address) ?? Infinity))).toEqual([]);
  });

  it('emails most persons, lets about half order and about 30% post on social media', () => {
    const share = (rows: ReadonlyArray<{ person: string }>) => new Set(rows.map((r) => r.person)).size / CUSTOMERS;
    expect(share(emails)).toBeGreaterThan(0.8);
    expect(share(orders)).toBeGreaterThan(0.44);
    expect(share(orders)).toBeLessThan(0.56);
    expect(share(social)).toBeGreaterThan(0.24);
    expect(share(social)).toBeLessThan(0.36);
    expect(summary.dataRows / CUSTOMERS).toBeGreaterThan(20);
    expect(summary.dataRows / CUSTOMERS).toBeLessThan(50);
  });

  it('spreads first orders over the history window and has over-dispersed repeat buying', () => {
    const purchases = new Map<string, Set<string>>();
    const firstAt = new Map<string, number>();
    for (const o of orders.filter((x) => x.status === 'completed')) {
      purchases.set(o.person, (purchases.get(o.person) ?? new Set()).add(o.id));
      firstAt.set(o.person, Math.min(o.at, firstAt.get(o.person) ?? Infinity));
    }
    const start = Date.parse(summary.window.start);
    const quarter = (Date.parse(summary.window.end) - start) / 4;
    const perQuarter = [0, 1, 2, 3].map((q) => [...firstAt.values()].filter((t) => Math.floor((t - start) / quarter) === q).length);
    for (const n of perQuarter) expect(n).toBeGreaterThan(firstAt.size * 0.1);
    const counts = [...purchases.values()].map((s) => s.size);
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    const variance = counts.reduce((a, b) => a + (b - mean) ** 2, 0) / counts.length;
    expect(counts.filter((n) => n > 1).length / counts.length).toBeGreaterThan(0.3);
    expect(mean).toBeGreaterThan(1.5);
    expect(variance).toBeGreaterThan(mean);
  });

  it('writes refunds as their own negative order after the original, and cancels a small share', () => {
    const refunds = orders.filter((o) => o.id.startsWith('R-'));
    const originals = new Map(orders.filter((o) => !o.id.startsWith('R-')).map((o) => [o.id, o]));
    expect(refunds.length).toBeGreaterThan(20);
    for (const refund of refunds) {
      expect(refund.status).toBe('refunded');
      expect(refund.quantity).toBeLessThan(0);
      expect(refund.amount).toBeLessThan(0);
      const original = originals.get(refund.id.slice(2));
      if (original !== undefined) expect(refund.at).toBeGreaterThan(original.at);
    }
    const orderIds = (status: string) => new Set(orders.filter((o) => o.status === status).map((o) => o.id)).size;
    const cancelledShare = orderIds('cancelled') / (orderIds('cancelled') + orderIds('completed'));
    expect(cancelledShare).toBeGreaterThan(0.01);
    expect(cancelledShare).toBeLessThan(0.06);
  });

  it('spells handles with and without @ and sometimes in mixed case', () => {
    const handles = social.map((s) => s.handle);
    expect(handles.some((h) => h.startsWith('@'))).toBe(true);
    expect(handles.some((h) => !h.startsWith('@'))).toBe(true);
    expect(handles.some((h) => h !== h.toLowerCase())).toBe(true);
    expect(handles.filter((h) => h === h.toLowerCase()).length).toBeGreaterThan(handles.length / 2);
  });
});
