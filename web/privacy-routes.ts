// Privacy actions of the web app: a customer's access export and forget, for signed-in users with the `admin` role only.
import { Hono, type Context } from 'hono';
import { html } from '../shared/html.js';
import { auditExport, collectPerson, personJson } from '../privacy/access-export.js';
import { forgetForGood } from '../privacy/forget-for-good.js';
import { defaultIdentityConfig } from '../transforms/identity-config.js';
import type { WebEnv } from './app.js';
import { page } from './app.js';
import type { AuthConfig } from './auth.js';
import { customerIdPattern } from './customer-profile.js';
import { forgottenPage } from './pages/privacy.js';
import { WarehouseBusy } from './warehouse-gate.js';

/**
 * Whether the request's user may use the privacy actions: signed in with a password (not the shared token, not the
 * local user of an app without sign-in) as a user whose `roles` in `web.users` include `admin`.
 */
export function isAdmin(c: Context<WebEnv>): boolean {
  const auth: AuthConfig | undefined = c.get('options').auth;
  const user = c.get('session')?.user;
  if (!auth || !user || c.get('viaToken')) return false;
  return auth.users.some((u) => u.name === user && (u.roles ?? []).includes('admin'));
}

const forbidden = (c: Context<WebEnv>) =>
  page(c, { title: 'Forbidden' }, html`<p class="bad" id="not-admin">Forgetting and exporting a person need a signed-in user with the admin role (web.users[].roles in the config).</p>`, 403);

/** POST /customer/:id/privacy/export and /forget; each answers 403 unless {@link isAdmin}. */
export function privacyRoutes(): Hono<WebEnv> {
  const r = new Hono<WebEnv>();
  r.post('/customer/:id/privacy/export', async (c) => {
    if (!isAdmin(c)) return forbidden(c);
    const id = c.req.param('id');
    if (!customerIdPattern.test(id)) return c.notFound();
    const o = c.get('options');
    const doc = await o.gate.use(async (wh) => {
      const found = await collectPerson(wh, id, o.identity ?? defaultIdentityConfig);
      await auditExport(wh, id, found, `web:${c.get('session')!.user}`);
      return found;
    }, { write: true });
    return c.body(personJson(doc), 200, { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${id}.json"` });
  });
  r.post('/customer/:id/privacy/forget', async (c) => {
    if (!isAdmin(c)) return forbidden(c);
    const id = c.req.param('id');
    if (!customerIdPattern.test(id)) return c.notFound();
    const body = await c.req.parseBody();
    if (body.confirm !== 'yes') return page(c, { title: 'Bad request' }, html`<p class="bad">Tick the confirmation to forget a person.</p>`, 400);
    const o = c.get('options');
    if (!o.warehouseFile) return page(c, { title: 'Not available' }, html`<p class="bad">This app was started without a warehouse file to rewrite.</p>`, 400);
    const running = o.launcher.running();
    if (running) throw new WarehouseBusy(`the ${running.pipeline} run started here is writing the warehouse`);
    const reason = typeof body.reason === 'string' && body.reason.trim() !== '' ? { reason: body.reason.trim() } : {};
    const done = await forgetForGood(o.warehouseFile, id, o.pipelines, {
      identity: o.identity ?? defaultIdentityConfig, actor: `web:${c.get('session')!.user}`, ...reason,
    });
    return page(c, { title: 'Forgotten', active: 'customer' }, forgottenPage(done));
  });
  return r;
}
