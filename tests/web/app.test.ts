// The web app through app.request(): sign-in, CSRF, hostile clients (rebinding, guessing, bad parameters), CSP, no PII in the log, the busy page.
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type AppOptions } from '../../web/app.js';
import { BearerCheck, checkCredentials, hashSecret, sameToken } from '../../web/auth.js';
import { LoginThrottle } from '../../web/login-throttle.js';
import { RunLauncher } from '../../web/run-launcher.js';
import { warehouseGate } from '../../web/warehouse-gate.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { findTechnicalTerms } from '../../reports/glossary.js';
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
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 3).toString('hex')).toBe('efbbbf'); // "Excel-ready CSV": a byte order mark so Excel reads UTF-8
    const rows = Papa.parse<Record<string, string>>(bytes.subarray(3).toString('utf8').trim(), { header: true }).data;
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
    // The predicted-value card speaks plain words, as the KPI report must: no model or table name.
    const clv = section('clv').replace(/<[^>]+>/g, ' ');
    expect(clv).toMatch(/chance still buying: +\d+%|No prediction/);
    expect(findTechnicalTerms(clv)).toEqual([]);
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

/** An app over the same warehouse with other options (local mode, its own throttle and clock). */
const appWith = (extra: Partial<AppOptions>) => createApp({
  gate: warehouseGate({ file: p.loaded.warehouse, waitMs: 2000 }),
  reportsDir: p.loaded.resolve('reports'),
  customSegments: {},
  pipelines: ['daily'],
  launcher: new RunLauncher(p.configFile),
  ...extra,
});
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address, remotePort: 50000, remoteFamily: 'IPv4' } } });
const loginFrom = (a: ReturnType<typeof createApp>, address: string, user: string, password: string) =>
  a.request('/login', { method: 'POST', body: form({ user, password }), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN } }, from(address));

describe('without sign-in (local mode)', () => {
  it('answers only requests addressed to a loopback name or a configured one (no DNS rebinding)', async () => {
    const local = appWith({});
    for (const url of ['http://127.0.0.1:4173/segments', 'http://localhost:4173/segments', 'http://[::1]:4173/segments']) {
      expect((await local.request(url)).status, url).toBe(200);
    }
    for (const url of ['http://evil.example:4173/segments', 'http://evil.example/segments/at-risk', 'http://127.0.0.1.evil.example/']) {
      const res = await local.request(url);
      expect(res.status, url).toBe(421);
      expect(await res.text()).not.toContain('@');
    }
    const download = await local.request('http://rebound.example:4173/segments/at-risk/download', {
      method: 'POST', body: form({ kind: 'plain', format: 'csv', csrf: 'local' }), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://rebound.example:4173' },
    });
    expect(download.status).toBe(421);
    const named = appWith({ allowedHosts: ['reports.lan'] });
    expect((await named.request('http://reports.lan:4173/segments')).status).toBe(200);
    expect((await named.request('http://other.lan:4173/segments')).status).toBe(421);
  });

  it('gives each browser a session with a random CSRF token, and refuses the old constant one', async () => {
    const local = appWith({});
    const visit = async () => {
      const res = await local.request('http://127.0.0.1/customer');
      const cookie = res.headers.get('set-cookie')!;
      expect(cookie).toMatch(/HttpOnly/);
      return { cookie: cookie.split(';')[0]!, csrf: /name="csrf" value="([^"]+)"/.exec(await res.text())![1]! };
    };
    const a = await visit();
    const b = await visit();
    expect(a.csrf).not.toBe(b.csrf);
    expect(a.csrf).toMatch(/^[\w-]{32}$/); // 24 random bytes, base64url
    const lookup = (cookie: string, csrf: string) => local.request('http://127.0.0.1/customer', {
      method: 'POST', body: form({ q: 'cus_nobody', csrf }), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://127.0.0.1', cookie },
    });
    expect((await lookup(a.cookie, 'local')).status).toBe(403);
    expect((await lookup(a.cookie, b.csrf)).status).toBe(403);
    expect((await lookup(a.cookie, a.csrf)).status).toBe(404); // accepted: no such customer
    // The same session keeps its token across pages.
    const again = await local.request('http://127.0.0.1/customer', { headers: { cookie: a.cookie } });
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(await again.text()).toContain(`value="${a.csrf}"`);
  });
});

describe('against guessing', () => {
  it('locks a user name after 5 failed sign-ins for 1 s, then twice as long, refusing even the right password meanwhile, and logs it', async () => {
    let now = 1_000_000;
    const lines: string[] = [];
    const a = appWith({ auth: { users: [{ name: 'ann', passwordHash: await hashSecret('correct horse') }] }, throttle: new LoginThrottle(undefined, () => now), log: (l) => lines.push(l) });
    // Each guess from a different address: the user name's own count locks it.
    for (let i = 1; i <= 5; i++) expect((await loginFrom(a, `10.0.1.${i}`, 'ann', `guess${i}`)).status).toBe(401);
    expect(lines.filter((l) => l.includes('locked'))).toEqual([]);
    expect((await loginFrom(a, '10.0.1.6', 'ann', 'guess6')).status).toBe(401); // the 6th failure starts a 1 s lock
    expect(lines).toContain('sign-in: failed for user "ann" from 10.0.1.6; locked for 1 s');
    const locked = await loginFrom(a, '10.0.1.7', 'ann', 'correct horse');
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('1');
    expect(await locked.text()).toContain('Too many failed sign-ins. Try again in 1 s.');
    now += 1001;
    expect((await loginFrom(a, '10.0.1.8', 'ann', 'guess7')).status).toBe(401); // 7th failure: 2 s
    expect(lines).toContain('sign-in: failed for user "ann" from 10.0.1.8; locked for 2 s');
    now += 1001;
    expect((await loginFrom(a, '10.0.1.9', 'ann', 'correct horse')).headers.get('retry-after')).toBe('1');
    now += 1000;
    expect((await loginFrom(a, '10.0.1.9', 'ann', 'correct horse')).status).toBe(303);
  });

  it('locks an address that guesses at many user names, without locking those users elsewhere', async () => {
    const lines: string[] = [];
    const a = appWith({ auth: { users: [{ name: 'ann', passwordHash: await hashSecret('correct horse') }] }, throttle: new LoginThrottle(), log: (l) => lines.push(l) });
    for (let i = 1; i <= 6; i++) expect((await loginFrom(a, '10.0.2.1', `someone${i}@example.com`, 'x')).status).toBe(401);
    expect((await loginFrom(a, '10.0.2.1', 'ann', 'correct horse')).status).toBe(429);
    expect((await loginFrom(a, '10.0.2.2', 'ann', 'correct horse')).status).toBe(303);
    // Typed names that are not users may be emails or passwords typed in the wrong field: never logged.
    expect(lines.join('\n')).not.toContain('someone');
    expect(lines).toContain('sign-in: failed for an unknown user name from 10.0.2.1; locked for 1 s');
  });

  it('limits wrong bearer tokens per address, and checks a good token once rather than on every request', async () => {
    const lines: string[] = [];
    const a = appWith({ auth: { users: [], tokenHash: await hashSecret('api-token-123') }, throttle: new LoginThrottle(), log: (l) => lines.push(l) });
    const get = (token: string, address: string) => a.request('/runs', { headers: { authorization: `Bearer ${token}` } }, from(address));
    for (let i = 1; i <= 6; i++) expect((await get(`wrong-${i}`, '10.0.3.1')).status).toBe(401);
    expect(lines).toContain('sign-in: a wrong bearer token from 10.0.3.1; locked for 1 s');
    expect((await get('api-token-123', '10.0.3.1')).status).toBe(429);
    expect((await get('api-token-123', '10.0.3.2')).status).toBe(200);
    // A remembered token costs a hash lookup, not a scrypt: 50 checks take less time than the first one.
    const check = new BearerCheck(await hashSecret('api-token-123'));
    let t = performance.now();
    expect(await check.verify('api-token-123')).toBe(true);
    const first = performance.now() - t;
    t = performance.now();
    for (let i = 0; i < 50; i++) expect(await check.verify('api-token-123')).toBe(true);
    expect(performance.now() - t).toBeLessThan(first);
    expect(await check.verify('api-token-124')).toBe(false);
  });

  it('spends one scrypt on an unknown user name too, so timing does not tell which names exist', async () => {
    const auth = { users: [{ name: 'ann', passwordHash: await hashSecret('correct horse') }] };
    await checkCredentials(auth, 'nobody', 'warm-up'); // the dummy hash is made once
    const median = async (name: string) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        expect(await checkCredentials(auth, name, 'wrong password')).toBeNull();
        times.push(performance.now() - t);
      }
      return times.sort((x, y) => x - y)[2]!;
    };
    const known = await median('ann');
    const unknown = await median('nobody');
    expect(unknown).toBeGreaterThan(known / 3);
    expect(known).toBeGreaterThan(unknown / 3);
  });

  it('compares CSRF tokens of any characters without throwing, and answers a forged non-ASCII one with 403', async () => {
    expect(sameToken('é'.repeat(32), 'x'.repeat(32))).toBe(false);
    expect(sameToken('x'.repeat(32), 'x'.repeat(32))).toBe(true);
    expect(sameToken('', '')).toBe(false);
    const { cookie, csrf } = await signIn();
    const res = await post('/customer', { q: 'cus_x', csrf: 'é'.repeat(csrf.length) }, { cookie });
    expect(res.status).toBe(403);
    expect(await res.text()).not.toMatch(/RangeError|Input buffers/);
  });
});

describe('Content-Security-Policy', () => {
  it('lets no script run on any page: only the nonce of its own style sheet, fresh on every response', async () => {
    const { cookie } = await signIn();
    const nonces: string[] = [];
    for (const url of ['/', '/segments', '/segments/at-risk', '/customer', '/runs', '/login']) {
      const res = await app.request(url, { headers: { cookie } });
      const policy = res.headers.get('content-security-policy')!;
      const body = await res.text();
      const nonce = /<style nonce="([^"]+)">/.exec(body)?.[1];
      expect(nonce, url).toBeDefined();
      expect(policy, url).toBe(`default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self' data:; frame-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'`);
      expect(body, url).not.toMatch(/<script|\sstyle="|\son[a-z]+="/i);
      nonces.push(nonce!);
    }
    expect(new Set(nonces).size).toBe(nonces.length);
    const report = await app.request('/reports/kpi/index.html', { headers: { cookie } });
    expect(report.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'; form-action 'none'; base-uri 'none'");
    expect((await app.request('/nowhere', { headers: { cookie } })).headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
  });
});

describe('query parameters and searches', () => {
  it('answers a page number it cannot use with a clear 400, never a database error, and shows a search back escaped', async () => {
    const { cookie } = await signIn();
    for (const page of ['99999999999999999999', 'abc', '0', '-1', '1.5', '10000000']) {
      const res = await app.request(`/segments/at-risk?page=${page}`, { headers: { cookie } });
      expect(res.status, page).toBe(400);
      const text = await res.text();
      expect(text, page).toContain('page: expected a page number from 1 to 9999999');
      expect(text, page).not.toMatch(/DuckDB|Conversion|INT64|Error:/);
    }
    expect((await app.request('/segments/at-risk?page=2', { headers: { cookie } })).status).toBe(200);
    expect((await app.request(`/segments/at-risk?q=${'x'.repeat(201)}`, { headers: { cookie } })).status).toBe(400);
    // A search is shown back in its box, escaped: markup in it stays text.
    const echoed = await (await app.request(`/segments/at-risk?q=${encodeURIComponent('"><img src=x onerror=alert(1)>')}`, { headers: { cookie } })).text();
    expect(echoed).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    expect(echoed).not.toContain('<img src=x');
  });

  it('matches %, _ and \\ in a member search as themselves, not as LIKE wildcards', async () => {
    const { cookie, csrf } = await signIn();
    const wh = await openWarehouse(p.loaded.warehouse, { readOnly: true });
    let members: { customer_id: string; primary_email: string | null }[];
    try {
      members = await wh.all(`SELECT c.customer_id, c.primary_email FROM customer_360 c JOIN rfm_segments r USING (customer_id) WHERE r.segment = 'At Risk'`);
    } finally {
      wh.close();
    }
    expect(members.length).toBeGreaterThan(1);
    const literally = (term: string) => members.filter((m) => m.customer_id.toLowerCase().includes(term) || (m.primary_email ?? '').toLowerCase().includes(term)).length;
    const sampleId = members[0]!.customer_id.toLowerCase();
    const wildcarded = `${sampleId.slice(0, 2)}_${sampleId.slice(3, 6)}`; // one character replaced by "_"
    for (const term of ['%', '_', '\\', wildcarded, '%@%', sampleId]) {
      const body = await (await app.request(`/segments/at-risk?q=${encodeURIComponent(term)}`, { headers: { cookie } })).text();
      expect(/(\d+) matching/.exec(body)?.[1], term).toBe(String(literally(term)));
    }
    expect(literally(sampleId)).toBeGreaterThan(0);
    // The customer lookup takes a handle without its platform literally too: "%" is no handle.
    expect((await post('/customer', { q: '%', csrf }, { cookie })).status).toBe(404);
    expect((await post('/customer', { q: '_', csrf }, { cookie })).status).toBe(404);
  });
});

describe('segment pages', () => {
  it('marks the members a download leaves out, with the reason, and its counts are the CSV\'s', async () => {
    const { cookie, csrf } = await signIn();
    const page = await (await app.request('/segments/at-risk', { headers: { cookie } })).text();
    const wh = await openWarehouse(p.loaded.warehouse, { readOnly: true });
    let members: { customer_id: string; reason: string | null }[];
    try {
      members = await wh.all(`SELECT c.customer_id, CASE WHEN c.email_complained THEN 'complained' WHEN c.email_unsubscribed THEN 'unsubscribed'
          WHEN c.email_bounced THEN 'bounced' WHEN c.primary_email IS NULL THEN 'no email' END AS reason
        FROM customer_360 c JOIN rfm_segments r USING (customer_id) WHERE r.segment = 'At Risk' ORDER BY 1`);
    } finally {
      wh.close();
    }
    const leftOut = members.filter((m) => m.reason !== null);
    expect(leftOut.length).toBeGreaterThan(0);
    expect(page).toMatch(new RegExp(`<p id="left-out" class="warn">${leftOut.length} of these ${members.length} members are left out of downloads \\(`));
    // The first page (25 by customer id): each row says whether it is in downloads, and why not.
    const shown = [...page.matchAll(/<tr( class="left-out")?><td><a href="\/customer\/([^"]+)">[\s\S]*?<\/td><td>(<span class="bad">left out: ([^<]+)<\/span>|<span class="ok">yes<\/span>)<\/td><\/tr>/g)]
      .map((m) => ({ customer_id: m[2]!, reason: m[4] ?? null, marked: m[1] !== undefined }));
    expect(shown.map(({ customer_id, reason }) => ({ customer_id, reason }))).toEqual(members.slice(0, 25));
    expect(shown.every((r) => r.marked === (r.reason !== null))).toBe(true);
    const csv = await (await post('/segments/at-risk/download', { csrf, kind: 'plain', format: 'csv' }, { cookie })).text(); // text() drops the BOM
    const rows = Papa.parse<Record<string, string>>(csv.trim(), { header: true }).data;
    expect(Object.keys(rows[0]!)[0]).toBe('customer_id');
    expect(rows.length).toBe(members.length - leftOut.length);
  });

  it('sorts members by a column when its heading is clicked, biggest first, and formats money', async () => {
    const { cookie } = await signIn();
    const page = await (await app.request('/segments/at-risk?sort=monetary&dir=desc', { headers: { cookie } })).text();
    const wh = await openWarehouse(p.loaded.warehouse, { readOnly: true });
    let top: { monetary: number }[];
    try {
      top = await wh.all(`SELECT monetary::DOUBLE AS monetary FROM rfm_segments WHERE segment = 'At Risk' ORDER BY monetary DESC NULLS LAST, customer_id LIMIT 3`);
    } finally {
      wh.close();
    }
    const money = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const spent = [...page.matchAll(/<\/td><td>[^<]*<\/td><td class="n">([^<]*)<\/td>/g)].map((m) => m[1]).slice(0, 3);
    expect(spent).toEqual(top.map((r) => money(r.monetary)));
    expect(page).toContain('aria-sort="descending"><a href="/segments/at-risk?page=1&amp;sort=monetary&amp;dir=asc">Spent ▼</a>');
    expect((await app.request('/segments/at-risk?sort=drop%20table', { headers: { cookie } })).status).toBe(400);
  });

  it('starts a "changes since the last export" download from the previous one, not from everyone', async () => {
    const { cookie, csrf } = await signIn();
    const delta = async () => Papa.parse<Record<string, string>>((await (await post('/segments/at-risk/download', { csrf, kind: 'delta', format: 'csv' }, { cookie })).text()).trim(), { header: true }).data;
    await delta(); // the first one has a baseline or not, depending on the tests before: it becomes the baseline
    expect(await delta()).toEqual([]); // nothing changed in the warehouse between the two: no one joined or left
    const wh = await openWarehouse(p.loaded.warehouse, { readOnly: true });
    try {
      const [last] = await wh.all<{ destination: string; baseline: string | null }>(
        `SELECT destination, baseline_export_id AS baseline FROM segment_exports WHERE since_last ORDER BY exported_at DESC LIMIT 1`);
      expect(last).toEqual({ destination: 'web download: at-risk-changes.csv', baseline: expect.any(String) });
    } finally {
      wh.close();
    }
  });

  it('writes only the columns chosen for a download, in the order sent, and refuses unknown ones', async () => {
    const { cookie, csrf } = await signIn();
    const body = new URLSearchParams([['csrf', csrf], ['download', 'plain:csv'], ['columns', 'monetary'], ['columns', 'customer_id']]);
    const res = await app.request('/segments/at-risk/download', { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, cookie } });
    expect(res.status).toBe(200);
    const parsed = Papa.parse<Record<string, string>>((await res.text()).trim(), { header: true });
    expect(parsed.meta.fields).toEqual(['monetary', 'customer_id']);
    expect(parsed.data.length).toBeGreaterThan(0);
    const bad = new URLSearchParams([['csrf', csrf], ['download', 'plain:csv'], ['columns', 'password']]);
    expect((await app.request('/segments/at-risk/download', { method: 'POST', body: bad.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, cookie } })).status).toBe(400);
  });

  it('says what each segment means and names download formats by what they are for', async () => {
    const { cookie } = await signIn();
    const list = await (await app.request('/segments', { headers: { cookie } })).text();
    expect(list).toContain('<th class="n">Change since the previous run</th>');
    expect(list).toContain('Good customers (frequent or big spenders) who have not bought for a while');
    const one = await (await app.request('/segments/at-risk', { headers: { cookie } })).text();
    expect(one).toContain('>Excel-ready CSV</button>');
    expect(one).toContain('>For data tools: Parquet</button>');
  });
});
