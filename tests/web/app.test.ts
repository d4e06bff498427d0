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

  it('answers simultaneous requests in turn instead of the busy page (one open of the file per process)', async () => {
    const { cookie } = await signIn();
    // The gate's wait is 300 ms here: requests that each polled the file would time out behind one another.
    const responses = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      app.request(i % 2 ? '/segments' : '/runs', { headers: { cookie } })));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
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
    } finally {
      wh.close(); // before the next requests: one process opens a warehouse file once at a time
    }
    const email = rows[0]!.primary_email!;
    await post('/customer', { q: email, csrf }, { cookie });
    await app.request(`/segments/at-risk?q=${encodeURIComponent(email)}`, { headers: { cookie } });
    expect(log.join('\n')).not.toContain(email.split('@')[0]!);
    expect(log.join('\n')).toContain('POST /customer 303');
  });
});

describe('customer profile page', () => {
  it('shows every identity of the customer and the records that linked them, with RFM history', async () => {
    const { cookie, csrf } = await signIn();
    const wh = await openWarehouse(p.loaded.warehouse, { readOnly: true });
    let id: string, identities: { kind: string; value: string }[], links: { record_id: string }[], segment: string;
    try {
      // The customer whose identities were linked by the most records, so the "why" table has rows to check.
      const [pick] = await wh.all<{ customer_id: string }>(`SELECT i.customer_id FROM record_identifiers o JOIN identity_values v USING (kind, raw) JOIN identities i USING (identity)
        GROUP BY i.customer_id, o.channel, o.record_id HAVING count(DISTINCT i.identity) > 1 ORDER BY count(*) OVER (PARTITION BY i.customer_id) DESC, 1 LIMIT 1`);
      id = pick!.customer_id;
      identities = await wh.all(`SELECT kind, value FROM identities WHERE customer_id = $1 ORDER BY kind, value`, [id]);
      links = await wh.all(`SELECT o.record_id FROM record_identifiers o JOIN identity_values v USING (kind, raw) JOIN identities i ON i.identity = v.identity AND i.customer_id = $1
        GROUP BY o.channel, o.record_id HAVING count(DISTINCT i.identity) > 1 ORDER BY max(o.seen_at) DESC, o.record_id`, [id]);
      segment = (await wh.all<{ segment: string }>(`SELECT segment FROM rfm_segments WHERE customer_id = $1`, [id]))[0]?.segment ?? '';
    } finally {
      wh.close();
    }
    expect(identities.length).toBeGreaterThan(1);
    expect(links.length).toBeGreaterThan(0);
    const email = identities.find((i) => i.kind === 'email')!.value;
    const lookup = await post('/customer', { q: email, csrf }, { cookie });
    expect(lookup.status).toBe(303);
    expect(lookup.headers.get('location')).toBe(`/customer/${id}`);
    const res = await app.request(`/customer/${id}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const body = await res.text();
    const section = (name: string) => body.slice(body.indexOf(`id="${name}"`), body.indexOf('</div>', body.indexOf(`id="${name}"`)));
    const shown = section('identities');
    const escape = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    for (const i of identities) expect(shown, `${i.kind} ${i.value}`).toContain(`<td>${i.kind}</td><td>${escape(i.value)}</td>`);
    expect(shown).toContain('Why they are linked');
    // At most the 15 newest linking records are listed; each one listed must be a real link, the newest among them.
    const listed = [...shown.slice(shown.indexOf('Why they are linked')).matchAll(/<tr><td>[a-z]+<\/td><td>([^<]+)<\/td>/g)].map((m) => m[1]);
    expect(listed).toHaveLength(Math.min(links.length, 15));
    for (const r of listed) expect(links.map((l) => escape(l.record_id))).toContain(r);
    expect(listed).toContain(escape(links[0]!.record_id));
    expect(section('profile')).toContain(`<td>${id}</td>`);
    expect(segment).not.toBe('');
    expect(section('rfm')).toContain(`<td>${escape(segment)}</td>`);
    expect(section('interactions')).toMatch(/<td>(email|social|orders)<\/td>/);
    expect((await app.request('/customer/cus_does_not_exist', { headers: { cookie } })).status).toBe(404);
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
