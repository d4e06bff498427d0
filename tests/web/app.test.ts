// The web app through app.request(): sign-in, CSRF, safe file access, no PII in the log, and the busy page during a run.
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../web/app.js';
import { hashSecret } from '../../web/auth.js';
import { RunLauncher } from '../../web/run-launcher.js';
import { warehouseGate } from '../../web/warehouse-gate.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { spawnScript } from '../helpers/spawn-process.js';
import { webProject, type WebProject } from '../helpers/web-project.js';

const ORIGIN = 'http://localhost';
let p: WebProject;
let app: ReturnType<typeof createApp>;
const log: string[] = [];

beforeAll(async () => {
  p = await webProject();
  app = createApp({
    gate: warehouseGate({ file: p.loaded.warehouse, waitMs: 300 }),
    reportsDir: p.loaded.resolve('reports'),
    customSegments: {},
    pipelines: ['daily'],
    launcher: new RunLauncher(p.configFile),
    auth: { users: [{ name: 'ann', passwordHash: await hashSecret('correct horse') }], tokenHash: await hashSecret('api-token-123') },
    log: (l) => log.push(l),
  });
}, 120_000);
afterAll(async () => { await p?.dispose(); });

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  app.request(url, { method: 'POST', body: form(fields), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...headers } });

async function signIn(): Promise<{ cookie: string; csrf: string }> {
  const res = await post('/login', { user: 'ann', password: 'correct horse' });
  expect(res.status).toBe(303);
  const setCookie = res.headers.get('set-cookie')!;
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Strict/);
  const cookie = setCookie.split(';')[0]!;
  const page = await (await app.request('/customer', { headers: { cookie } })).text();
  return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page)![1]! };
}

describe('access control', () => {
  it('answers 401 with the sign-in form without a cookie or token, on every page', async () => {
    for (const url of ['/', '/segments', '/segments/at-risk', '/customer', '/runs', '/reports/kpi/index.html']) {
      const res = await app.request(url);
      expect(res.status, url).toBe(401);
      expect(await res.text()).toContain('action="/login"');
    }
  });

  it('refuses a wrong password and accepts the right one and the bearer token', async () => {
    expect((await post('/login', { user: 'ann', password: 'wrong' })).status).toBe(401);
    const { cookie } = await signIn();
    expect((await app.request('/segments', { headers: { cookie } })).status).toBe(200);
    expect((await app.request('/segments', { headers: { authorization: 'Bearer api-token-123' } })).status).toBe(200);
    expect((await app.request('/segments', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  });

  it('requires the session CSRF token on POST', async () => {
    const { cookie, csrf } = await signIn();
    const without = await post('/customer', { q: 'cus_x' }, { cookie });
    expect(without.status).toBe(403);
    const wrong = await post('/customer', { q: 'cus_x', csrf: 'x'.repeat(csrf.length) }, { cookie });
    expect(wrong.status).toBe(403);
    const crossSite = await post('/customer', { q: 'cus_x', csrf }, { cookie, origin: 'http://evil.example' });
    expect(crossSite.status).toBe(403);
    expect((await post('/customer', { q: 'cus_x', csrf }, { cookie })).status).toBe(404); // accepted, no such customer
  });

  it('never serves files outside the report folders, whatever the path or segment name', async () => {
    const { cookie, csrf } = await signIn();
    expect((await app.request('/reports/kpi/index.html', { headers: { cookie } })).status).toBe(200);
    for (const url of ['/reports/..%2F..%2F..%2Fetc/passwd', '/reports/kpi/..%2Findex.html', '/reports/../rapport.config.ts',
      '/reports/kpi/%2E%2E%2F%2E%2E%2Frapport.config.ts', '/reports/sample/orders.csv', '/segments/..%2F..%2Fetc%2Fpasswd']) {
      const res = await app.request(url, { headers: { cookie } });
      expect(res.status, url).toBe(404);
      expect(await res.text()).not.toMatch(/root:|email_events|export default/);
    }
    const crafted = await post('/segments/..%2F..%2Frapport.config.ts/download', { csrf, kind: 'plain', format: 'csv' }, { cookie });
    expect(crafted.status).toBe(404);
    const badFormat = await post('/segments/at-risk/download', { csrf, kind: 'plain', format: '../../x' }, { cookie });
    expect(badFormat.status).toBe(400);
  });

  it('downloads a segment through the sink with suppression applied, and logs no PII', async () => {
    const { cookie, csrf } = await signIn();
    const res = await post('/segments/at-risk/download', { csrf, kind: 'plain', format: 'csv' }, { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="at-risk.csv"');
    const rows = Papa.parse<Record<string, string>>((await res.text()).trim(), { header: true }).data;
    const wh = await openWarehouse(p.loaded.warehouse, { readOnly: true });
    try {
      const expected = await wh.all<{ customer_id: string }>(`SELECT c.customer_id FROM customer_360 c JOIN rfm_segments r USING (customer_id)
        WHERE r.segment = 'At Risk' AND c.primary_email IS NOT NULL AND NOT (c.email_bounced OR c.email_unsubscribed OR c.email_complained) ORDER BY 1`);
      expect(rows.map((r) => r.customer_id)).toEqual(expected.map((r) => r.customer_id));
      const [rec] = await wh.all<{ n: number }>(`SELECT count(*) AS n FROM segment_exports WHERE export_id = $1`, [res.headers.get('x-rapport-export-id')!]);
      expect(rec?.n).toBe(1);
      const email = rows[0]!.primary_email!;
      await post('/customer', { q: email, csrf }, { cookie });
      await app.request(`/segments/at-risk?q=${encodeURIComponent(email)}`, { headers: { cookie } });
      expect(log.join('\n')).not.toContain(email.split('@')[0]!);
      expect(log.join('\n')).toContain('POST /customer 303');
    } finally {
      wh.close();
    }
  });
});

describe('while a pipeline run writes the warehouse', () => {
  it('answers 503 "busy, try again" instead of a lock error, and works again afterwards', async () => {
    const { cookie } = await signIn();
    const holder = spawnScript('tests/helpers/hold-warehouse.ts', [p.loaded.warehouse, 'warehouse', '4000']);
    await holder.waitFor(/^ready/);
    const res = await app.request('/segments', { headers: { cookie } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    const text = await res.text();
    expect(text).toContain('Busy, try again in a moment');
    expect(text).not.toMatch(/Could not set lock|IO Error/);
    await holder.exited();
    expect((await app.request('/segments', { headers: { cookie } })).status).toBe(200);
  }, 30_000);
});
