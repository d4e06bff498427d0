// The web app's privacy actions: only a signed-in admin sees and may use forget and export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../web/app.js';
import { hashSecret } from '../../web/auth.js';
import { RunLauncher } from '../../web/run-launcher.js';
import { warehouseGate } from '../../web/warehouse-gate.js';
import { queryFile } from '../helpers/query-file.js';
import { webProject, type WebProject } from '../helpers/web-project.js';

const ORIGIN = 'http://localhost';
let p: WebProject;
let app: ReturnType<typeof createApp>;
let customer: { id: string; email: string };

const sql = <T>(query: string) => queryFile<T>(p.loaded.warehouse, query);

beforeAll(async () => {
  p = await webProject();
  app = createApp({
    gate: warehouseGate({ file: p.loaded.warehouse, waitMs: 300 }),
    warehouseFile: p.loaded.warehouse,
    reportsDir: p.loaded.resolve('reports'),
    customSegments: {},
    pipelines: ['daily'],
    launcher: new RunLauncher(p.configFile),
    auth: {
      users: [{ name: 'ann', passwordHash: await hashSecret('ann pass'), roles: ['admin'] }, { name: 'bob', passwordHash: await hashSecret('bob pass') }],
      tokenHash: await hashSecret('api-token-123'),
    },
  });
  const [row] = await sql<{ customer_id: string; email: string }>(
    `SELECT customer_id, value AS email FROM identities WHERE kind = 'email' AND status = 'linked' ORDER BY customer_id LIMIT 1`);
  customer = { id: row!.customer_id, email: row!.email };
}, 120_000);
afterAll(async () => { await p?.dispose(); });

const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  app.request(url, { method: 'POST', body: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...headers } });

async function signIn(user: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await post('/login', { user, password });
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const page = await (await app.request('/customer', { headers: { cookie } })).text();
  return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page)![1]! };
}

describe('web privacy actions', () => {
  it('refuses users without the admin role and the shared token, and shows them no privacy card', async () => {
    const bob = await signIn('bob', 'bob pass');
    const profile = await (await app.request(`/customer/${customer.id}`, { headers: { cookie: bob.cookie } })).text();
    expect(profile).toContain('id="profile"');
    expect(profile).not.toContain('id="privacy"');
    for (const action of ['export', 'forget']) {
      const res = await post(`/customer/${customer.id}/privacy/${action}`, { csrf: bob.csrf, confirm: 'yes' }, { cookie: bob.cookie });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('id="not-admin"');
      const viaToken = await app.request(`/customer/${customer.id}/privacy/${action}`, { method: 'POST', headers: { authorization: 'Bearer api-token-123', origin: ORIGIN } });
      expect(viaToken.status).toBe(403);
      expect(await viaToken.text()).toContain('id="not-admin"');
    }
    expect(await sql(`SELECT count(*)::INT AS n FROM identities WHERE customer_id = '${customer.id}'`)).not.toEqual([{ n: 0 }]);
  });

  it('lets an admin download everything held and then forget the person, audited under their name', async () => {
    const ann = await signIn('ann', 'ann pass');
    const profile = await (await app.request(`/customer/${customer.id}`, { headers: { cookie: ann.cookie } })).text();
    expect(profile).toContain('id="privacy"');
    const exported = await post(`/customer/${customer.id}/privacy/export`, { csrf: ann.csrf }, { cookie: ann.cookie });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toBe(`attachment; filename="${customer.id}.json"`);
    const doc = await exported.json() as { customerIds: string[]; identities: { identity: string }[] };
    expect(doc.customerIds[0]).toBe(customer.id);
    expect(doc.identities.map((i) => i.identity)).toContain(`email:${customer.email}`);

    const unconfirmed = await post(`/customer/${customer.id}/privacy/forget`, { csrf: ann.csrf }, { cookie: ann.cookie });
    expect(unconfirmed.status).toBe(400);
    const forgot = await post(`/customer/${customer.id}/privacy/forget`, { csrf: ann.csrf, confirm: 'yes', reason: 'ticket 7' }, { cookie: ann.cookie });
    expect(forgot.status).toBe(200);
    expect(await forgot.text()).toMatch(/<td>identities<\/td><td class="n">\d+<\/td><td>deleted<\/td>/);
    expect(await sql(`SELECT count(*)::INT AS n FROM identities WHERE customer_id = '${customer.id}' OR value = '${customer.email}'`)).toEqual([{ n: 0 }]);
    expect(await sql(`SELECT action, actor, reason, status FROM privacy_audit ORDER BY acted_at`)).toEqual([
      { action: 'export', actor: 'web:ann', reason: null, status: 'done' },
      { action: 'forget', actor: 'web:ann', reason: 'ticket 7', status: 'done' },
    ]);
    expect((await app.request(`/customer/${customer.id}`, { headers: { cookie: ann.cookie } })).status).toBe(404);
  }, 120_000);
});
