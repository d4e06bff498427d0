// Checks the files of a 2,000-person sample parse as documented: headers, row shapes, malformed kinds, duplicates, ground truth.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSample } from '../../../sources/sample/index.js';
import type { SampleSummary } from '../../../sources/sample/index.js';

const EMAIL_HEADER = 'event_id,event_type,email,campaign_id,occurred_at,url';
const ORDERS_HEADER = 'order_id,line_no,customer_ref,email,phone,status,currency,sku,quantity,unit_price,amount,ordered_at';
const SOCIAL_KEYS = ['interaction_id', 'platform', 'handle', 'kind', 'profile_email', 'profile_phone', 'text', 'occurred_at'];
const EVENT_TYPES = new Set(['send', 'delivered', 'open', 'click', 'bounce', 'unsubscribe', 'complaint']);
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|([+-])(\d{2}):(\d{2}))$/;

/** Strict ISO-8601 with offset -> UTC ms, or null for anything else (including impossible dates). */
function parseTimestamp(text: string): number | null {
  const m = ISO.exec(text);
  if (m === null) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(local);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  const offset = m[7] === 'Z' ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  return local - offset * 60_000;
}

function csvRows(text: string): string[][] {
  const parsed = Papa.parse<string[]>(text, { delimiter: ',', newline: '\n', skipEmptyLines: true });
  return parsed.data.slice(1);
}

type Verdict = string; // 'ok' or a malformed kind
type Parsed = { verdict: Verdict; id: string; line: string; time: number | null; fields: string[] };

function classifyEmail(f: string[], line: string): Parsed {
  const [id = '', type = '', email = '', , ts = ''] = f;
  const verdict =
    f.length !== 6 ? 'wrong_column_count'
    : id === '' || email.trim() === '' ? 'missing_required_field'
    : !EVENT_TYPES.has(type) ? 'unknown_event_type'
    : parseTimestamp(ts) === null ? 'unparseable_timestamp'
    : 'ok';
  return { verdict, id, line, time: parseTimestamp(ts), fields: f };
}

function classifyOrder(f: string[], line: string): Parsed {
  const [id = '', , , , , , , , , , amount = '', ts = ''] = f;
  const verdict =
    f.length !== 12 ? 'wrong_column_count'
    : id === '' ? 'missing_required_field'
    : !/^-?\d+\.\d{2}$/.test(amount) ? 'non_numeric_amount'
    : parseTimestamp(ts) === null ? 'unparseable_timestamp'
    : 'ok';
  return { verdict, id, line, time: parseTimestamp(ts), fields: f };
}

function classifySocial(line: string): Parsed & { object: Record<string, unknown> | null } {
  let object: Record<string, unknown>;
  try {
    object = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { verdict: 'invalid_json', id: '', line, time: null, fields: [], object: null };
  }
  const id = typeof object.interaction_id === 'string' ? object.interaction_id : '';
  const time = typeof object.occurred_at === 'string' ? parseTimestamp(object.occurred_at) : null;
  const verdict = id === '' ? 'missing_required_field' : time === null ? 'unparseable_timestamp' : 'ok';
  return { verdict, id, line, time, fields: [], object };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

let dir: string;
let summary: SampleSummary;
let raw: { email: string; social: string; orders: string; truth: string };
let parsed: { email: Parsed[]; social: ReturnType<typeof classifySocial>[]; orders: Parsed[] };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rapport-sample-files-'));
  summary = await generateSample({ customers: 2000, seed: 7, outDir: dir });
  const read = (name: string) => readFile(join(dir, name), 'utf8');
  raw = { email: await read('email_events.csv'), social: await read('social_interactions.ndjson'), orders: await read('orders.csv'), truth: await read('ground_truth.csv') };
  const lines = (text: string) => text.split('\n').slice(1, -1);
  const emailLines = lines(raw.email);
  const orderLines = lines(raw.orders);
  parsed = {
    email: csvRows(raw.email).map((f, i) => classifyEmail(f, emailLines[i] ?? '')),
    orders: csvRows(raw.orders).map((f, i) => classifyOrder(f, orderLines[i] ?? '')),
    social: raw.social.split('\n').slice(0, -1).map(classifySocial),
  };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sample files', () => {
  it('start with exactly the documented CSV headers and end with a newline', () => {
    expect(raw.email.slice(0, raw.email.indexOf('\n'))).toBe(EMAIL_HEADER);
    expect(raw.orders.slice(0, raw.orders.indexOf('\n'))).toBe(ORDERS_HEADER);
    expect(raw.truth.slice(0, raw.truth.indexOf('\n'))).toBe('source,record_id,person_id');
    for (const text of Object.values(raw)) expect(text.endsWith('\n')).toBe(true);
  });

  it('parse into one row per line, matching the row counts of the summary', () => {
    expect(parsed.email.length).toBe(raw.email.split('\n').length - 2);
    expect(parsed.orders.length).toBe(raw.orders.split('\n').length - 2);
    expect(parsed.email.length).toBe(summary.files.emailEvents.rows);
    expect(parsed.orders.length).toBe(summary.files.orders.rows);
    expect(parsed.social.length).toBe(summary.files.socialInteractions.rows);
    expect(raw.truth.split('\n').length - 2).toBe(summary.files.groundTruth.rows);
    expect(summary.dataRows).toBe(parsed.email.length + parsed.orders.length + parsed.social.length);
  });

  it('contain malformed rows only of the kinds the summary lists, in the listed numbers', () => {
    const malformed = (rows: readonly Parsed[]) => countBy(rows.filter((r) => r.verdict !== 'ok'), (r) => r.verdict);
    const listed = (counts: Readonly<Record<string, number | undefined>>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));
    expect(malformed(parsed.email)).toEqual(listed(summary.files.emailEvents.malformed));
    expect(malformed(parsed.orders)).toEqual(listed(summary.files.orders.malformed));
    expect(malformed(parsed.social)).toEqual(listed(summary.files.socialInteractions.malformed));
  });

  it('have about 0.5% malformed rows per file with every kind present', () => {
    const expected = {
      email: ['wrong_column_count', 'unparseable_timestamp', 'missing_required_field', 'unknown_event_type'],
      orders: ['wrong_column_count', 'unparseable_timestamp', 'missing_required_field', 'non_numeric_amount'],
      social: ['invalid_json', 'unparseable_timestamp', 'missing_required_field'],
    } as const;
    for (const [file, kinds] of Object.entries(expected)) {
      const rows: readonly Parsed[] = parsed[file as keyof typeof expected];
      const bad = rows.filter((r) => r.verdict !== 'ok');
      expect(bad.length / rows.length, file).toBeGreaterThan(0.0025);
      expect(bad.length / rows.length, file).toBeLessThan(0.01);
      expect(Object.keys(countBy(bad, (r) => r.verdict)).sort(), file).toEqual([...kinds].sort());
    }
  });

  it('write well-formed rows that keep the per-file rules', () => {
    const emailProblems = parsed.email.filter((r) => r.verdict === 'ok' && ((r.fields[5] !== '') !== (r.fields[1] === 'click') || !/^cmp_\d{4}$/.test(r.fields[3] ?? '')));
    expect(emailProblems.map((r) => r.line)).toEqual([]);
    const orderProblems = parsed.orders.filter((r) => {
      if (r.verdict !== 'ok') return false;
      const [id = '', lineNo, , email = '', , status = '', currency, , qty = '', price = '', amount = ''] = r.fields;
      const cents = (text: string) => Math.round(Number(text) * 100);
      const refund = id.startsWith('R-');
      return (
        currency !== 'EUR' || !/^[1-9]\d*$/.test(lineNo ?? '') || !email.includes('@') || !['completed', 'refunded', 'cancelled'].includes(status) ||
        !/^-?\d+$/.test(qty) || Number(qty) === 0 || cents(amount) !== Number(qty) * cents(price) || refund !== (status === 'refunded') || refund !== Number(qty) < 0
      );
    });
    expect(orderProblems.map((r) => r.line)).toEqual([]);
    const socialProblems = parsed.social.filter((r) => {
      const o = r.object;
      if (r.verdict !== 'ok' || o === null) return false;
      const nullableString = (v: unknown) => v === null || typeof v === 'string';
      return (
        JSON.stringify(Object.keys(o)) !== JSON.stringify(SOCIAL_KEYS) || !['instagram', 'x', 'facebook', 'tiktok'].includes(o.platform as string) ||
        !['mention', 'comment', 'reply', 'dm', 'follow', 'like', 'share'].includes(o.kind as string) || typeof o.handle !== 'string' ||
        !nullableString(o.profile_email) || !nullableString(o.profile_phone) || !nullableString(o.text)
      );
    });
    expect(socialProblems.map((r) => r.line)).toEqual([]);
  });

  it('repeat some rows byte-identically, and never reuse an id for different content', () => {
    for (const [file, rows, key] of [
      ['email', parsed.email, (r: Parsed) => r.id],
      ['social', parsed.social, (r: Parsed) => r.id],
      ['orders', parsed.orders, (r: Parsed) => `${r.id}#${r.fields[1]}`],
    ] as const) {
      const seen = new Map<string, string>();
      let repeats = 0;
      let conflicts = 0;
      for (const row of rows.filter((r) => r.verdict === 'ok')) {
        const previous = seen.get(key(row));
        if (previous === undefined) seen.set(key(row), row.line);
        else if (previous === row.line) repeats++;
        else conflicts++;
      }
      expect(conflicts, file).toBe(0);
      expect(repeats, file).toBeGreaterThan(0);
      const reported = { email: summary.files.emailEvents, social: summary.files.socialInteractions, orders: summary.files.orders }[file].duplicates;
      expect(repeats, file).toBe(reported);
    }
  });

  it('list in ground truth exactly the records that have a well-formed row, once each', () => {
    const truth = csvRows(raw.truth);
    expect(truth.every((f) => f.length === 3 && /^P\d{7}$/.test(f[2] ?? ''))).toBe(true);
    const keys = truth.map((f) => `${f[0]}:${f[1]}`);
    expect(new Set(keys).size).toBe(keys.length);
    const wellFormed = (source: string, rows: readonly Parsed[]) => rows.filter((r) => r.verdict === 'ok').map((r) => `${source}:${r.id}`);
    const expected = new Set([...wellFormed('email', parsed.email), ...wellFormed('social', parsed.social), ...wellFormed('orders', parsed.orders)]);
    expect(new Set(keys)).toEqual(expected);
    expect(countBy(truth, (f) => f[0] ?? '')).toEqual({
      email: summary.files.emailEvents.records,
      social: summary.files.socialInteractions.records,
      orders: summary.files.orders.records,
    });
  });

  it('use assorted offsets, including local dates that differ from the UTC date', () => {
    const stamps = [...parsed.email.map((r) => r.fields[4]), ...parsed.orders.map((r) => r.fields[11]), ...parsed.social.map((r) => r.object?.occurred_at)];
    const valid = stamps.filter((s): s is string => typeof s === 'string' && parseTimestamp(s) !== null);
    const offsets = new Set(valid.map((s) => s.slice(19)));
    for (const offset of ['Z', '+01:00', '+02:00', '-05:00', '-04:00']) expect(offsets, offset).toContain(offset);
    const crossDate = valid.filter((s) => new Date(parseTimestamp(s) as number).toISOString().slice(0, 10) !== s.slice(0, 10));
    expect(crossDate.length).toBeGreaterThan(100);
  });

  it('are not sorted by time and place some records after rows up to days later', () => {
    for (const [file, rows] of [['email', parsed.email], ['orders', parsed.orders], ['social', parsed.social]] as const) {
      // Re-exported duplicates also step back in time; leave them out so only late records count.
      const seen = new Set<string>();
      const times = rows.filter((r) => r.time !== null && !seen.has(r.line) && seen.add(r.line)).map((r) => r.time as number);
      let backwards = 0;
      let late = 0;
      for (let i = 1; i < times.length; i++) {
        const gap = (times[i - 1] as number) - (times[i] as number);
        if (gap > 0) backwards++;
        // Rows are time-ordered within a block, so a step back of an hour to six days is a late export.
        if (gap >= 3_600_000 && gap <= 6 * 86_400_000) late++;
      }
      expect(backwards, file).toBeGreaterThan(0);
      expect(late / times.length, file).toBeGreaterThan(0.0025);
      expect(late / times.length, file).toBeLessThan(0.03);
    }
  });

  it('keep every well-formed timestamp inside the history window', () => {
    const start = Date.parse(summary.window.start);
    const end = Date.parse(summary.window.end);
    const all = [...parsed.email, ...parsed.orders, ...parsed.social].filter((r) => r.verdict === 'ok').map((r) => r.time as number);
    expect(all.filter((t) => t < start || t > end)).toEqual([]);
    expect(summary.window).toEqual({ start: '2024-11-01T00:00:00.000Z', end: '2026-10-31T23:59:59.000Z' });
  });
});
