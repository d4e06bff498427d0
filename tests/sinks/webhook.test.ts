import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportSegment } from '../../sinks/segment-export.js';
import { idempotencyKey, postToWebhook, redactUrl, type WebhookBatchBody } from '../../sinks/webhook.js';
import { seedAudience } from '../helpers/audience-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

type Fault = 'ok' | '503' | '500-retry-after' | 'drop-before' | 'apply-then-drop' | '400';

/** A receiver that applies each batch once per idempotency key and fails on the requests `faults` names (1-based). */
class FlakyReceiver {
  readonly applied = new Map<string, WebhookBatchBody<{ id: string }>>();
  readonly requests: { key: string; batch: number; fault: Fault; auth: string | undefined }[] = [];
  duplicates = 0;
  private server!: Server;
  constructor(private readonly faults: (n: number) => Fault) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://user:secret@127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/crm?token=abc`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookBatchBody<{ id: string }>;
    const key = String(req.headers['idempotency-key']);
    const fault = this.faults(this.requests.length + 1);
    this.requests.push({ key, batch: body.batch, fault, auth: req.headers.authorization });
    if (fault === 'drop-before') return void req.socket.destroy();
    if (fault === '503') return void res.writeHead(503).end('busy');
    if (fault === '500-retry-after') return void res.writeHead(500, { 'retry-after': '1' }).end();
    if (fault === '400') return void res.writeHead(400).end('bad');
    if (this.applied.has(key)) this.duplicates += 1; // seen before: acknowledge, do not apply again
    else this.applied.set(key, body);
    if (fault === 'apply-then-drop') return void req.socket.destroy(); // applied, but the sender never hears so
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  }
}

let receiver: FlakyReceiver | undefined;
afterEach(async () => { await receiver?.stop(); receiver = undefined; });

const rows = Array.from({ length: 23 }, (_, i) => ({ id: `c${String(i).padStart(2, '0')}` }));
const meta = { segment: 'At Risk', exportId: 'exp-1' };

describe('webhook sink', () => {
  it('delivers every batch exactly once through 5xx answers and dropped connections, with one key per batch', async () => {
    const schedule: Record<number, Fault> = { 1: '503', 3: 'apply-then-drop', 4: 'drop-before', 6: '500-retry-after', 9: '503' };
    receiver = new FlakyReceiver((n) => schedule[n] ?? 'ok');
    const url = await receiver.start();
    const waits: number[] = [];
    const report = await postToWebhook(rows, meta, { url, batchSize: 5, baseDelayMs: 40, maxDelayMs: 500, sleep: async (ms) => void waits.push(ms) });

    expect(report).toEqual({ url: `http://127.0.0.1:${new URL(url).port}/hooks/crm`, batches: 5, delivered: 5, rowsDelivered: 23, attempts: receiver.requests.length, ok: true });
    const applied = [...receiver.applied.values()].sort((a, b) => a.batch - b.batch);
    expect(applied.flatMap((b) => b.rows)).toEqual(rows); // every row once, in order
    expect(applied.map((b) => [b.segment, b.export_id, b.batch, b.batches, b.rows.length])).toEqual(
      [1, 2, 3, 4, 5].map((n) => ['At Risk', 'exp-1', n, 5, n === 5 ? 3 : 5]),
    );
    expect([...receiver.applied.keys()]).toEqual([1, 2, 3, 4, 5].map((n) => idempotencyKey('At Risk', 'exp-1', n)));
    // The batch applied before its connection dropped was sent again under the same key and not applied twice.
    expect(receiver.duplicates).toBe(1);
    const keysOfBatch2 = receiver.requests.filter((r) => r.batch === 2).map((r) => r.key);
    expect(keysOfBatch2.length).toBeGreaterThan(1);
    expect(new Set(keysOfBatch2).size).toBe(1);
    expect(receiver.requests.length).toBe(10);
    // Credentials in the URL travel as Basic auth (fetch refuses them in the URL) on every request.
    expect(new Set(receiver.requests.map((r) => r.auth))).toEqual(new Set([`Basic ${Buffer.from('user:secret').toString('base64')}`]));
    // Backoff: base 40 ms doubling per attempt with jitter in [half, full]; Retry-After (1 s) capped at maxDelayMs.
    expect(waits.length).toBe(5);
    expect(waits).toContain(500);
    for (const w of waits.filter((x) => x !== 500)) expect(w).toBeGreaterThanOrEqual(20);
  });

  it('stops at a batch the receiver rejects (4xx) without retrying it, and reports which batches got through', async () => {
    receiver = new FlakyReceiver((n) => (n === 2 ? '400' : 'ok'));
    const url = await receiver.start();
    const report = await postToWebhook(rows, meta, { url, batchSize: 10, sleep: async () => {} });
    expect(report.ok).toBe(false);
    expect([report.delivered, report.rowsDelivered, report.attempts, report.failed?.batch]).toEqual([1, 10, 2, 2]);
    expect(report.failed?.error).toMatch(/^batch 2 of 3 to http:\/\/127\.0\.0\.1:\d+\/hooks\/crm: HTTP 400/);
    expect(report.failed?.error).not.toContain('secret');
    expect(receiver.requests.map((r) => r.batch)).toEqual([1, 2]);
  });

  it('gives up on a batch after maxAttempts', async () => {
    receiver = new FlakyReceiver(() => '503');
    const url = await receiver.start();
    const report = await postToWebhook(rows, meta, { url, batchSize: 50, maxAttempts: 3, sleep: async () => {} });
    expect([report.ok, report.attempts, report.delivered, receiver.requests.length]).toEqual([false, 3, 0, 3]);
  });

  it('removes credentials and query strings from the URL it reports', () => {
    expect(redactUrl('https://u:p@hooks.example:8443/a/b?token=x#f')).toBe('https://hooks.example:8443/a/b');
  });
});

describe('segment export to a webhook', () => {
  let t: TempWarehouse;
  beforeEach(async () => { t = await tempWarehouse(); });
  afterEach(async () => { await t.dispose(); });

  it('posts the delta with the export id and records the export once every batch is acknowledged', async () => {
    await seedAudience(t.warehouse, [{ id: 'a', segment: 'At Risk' }, { id: 'b', segment: 'At Risk' }, { id: 'c', segment: 'At Risk', unsubscribed: true }]);
    receiver = new FlakyReceiver((n) => (n === 1 ? 'drop-before' : 'ok'));
    const url = await receiver.start();
    const r = await exportSegment(t.warehouse, {
      segment: 'At Risk', sinceLast: true, columns: ['customer_id', 'primary_email'], out: path.join(t.dir, 'a.ndjson'), format: 'ndjson',
      webhook: { url, batchSize: 1, sleep: async () => {} },
    });
    expect(r.webhook).toMatchObject({ ok: true, batches: 2, delivered: 2, attempts: 3 });
    const sent = [...receiver.applied.values()].sort((a, b) => a.batch - b.batch);
    expect(sent.map((b) => [b.export_id, b.rows])).toEqual([
      [r.exportId, [{ change: 'add', customer_id: 'a', primary_email: 'a@example.com' }]],
      [r.exportId, [{ change: 'add', customer_id: 'b', primary_email: 'b@example.com' }]],
    ]);
    const [rec] = await t.warehouse.all<{ destination: string; status: string }>('SELECT destination, status FROM segment_exports');
    expect(rec).toEqual({ destination: `${path.join(t.dir, 'a.ndjson')} + webhook http://127.0.0.1:${new URL(url).port}/hooks/crm`, status: 'success' });
  });
});
