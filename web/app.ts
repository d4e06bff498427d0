// The web app: sign-in, CSRF checks, PII-free access log and the page routes, as a Hono app testable with app.request().
import { Hono, type Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { CustomSegments } from '../sinks/segment-catalogue.js';
import { checkCredentials, sameToken, SessionStore, verifySecret, type AuthConfig, type Session } from './auth.js';
import { html } from './html.js';
import { layout, type Frame } from './layout.js';
import { loginPage } from './pages/login.js';
import { pageRoutes } from './routes.js';
import type { RunLauncher } from './run-launcher.js';
import { WarehouseBusy, type WarehouseGate } from './warehouse-gate.js';

export interface AppOptions {
  readonly gate: WarehouseGate;
  /** Folder the KPI reports are written to (`<outputs.reports>`); each sub-folder with an index.html is a report. */
  readonly reportsDir: string;
  readonly customSegments: CustomSegments;
  readonly pipelines: readonly string[];
  readonly launcher: RunLauncher;
  /** Sign-in required when given; without it every request is the local user (127.0.0.1 only, see serve.ts). */
  readonly auth?: AuthConfig | undefined;
  /** One line per request: method, path (never the query string), status and time. */
  readonly log?: (line: string) => void;
  readonly sessions?: SessionStore;
  readonly now?: () => Date;
}

/** Request variables set by the auth middleware. */
export interface WebEnv {
  Variables: { session: Session | null; viaToken: boolean; options: AppOptions };
}

const COOKIE = 'rapport_session';
const LOCAL: Session = Object.freeze({ user: '', csrf: 'local', expires: Number.POSITIVE_INFINITY });

/** Renders `body` in the frame with the request's user and CSRF token. */
export function page(c: Context<WebEnv>, frame: Omit<Frame, 'user' | 'csrf'>, body: ReturnType<typeof html>, status: 200 | 400 | 401 | 403 | 404 | 503 = 200): Response {
  const s = c.get('session');
  return c.html(layout({ ...frame, user: s?.user || undefined, csrf: s?.csrf }, body), status);
}

/**
 * Builds the app. Auth on: every route but /login needs the session cookie (or `Authorization: Bearer <token>`),
 * else 401. Every POST from a session must carry its CSRF token (`csrf` form field or `x-csrf-token` header),
 * on top of Hono's Origin / Sec-Fetch-Site check.
 */
export function createApp(options: AppOptions): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const sessions = options.sessions ?? new SessionStore();
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // The path only: lookups are POSTs, and a query string (member search) may hold an email, so it is never logged.
    options.log?.(`${new Date().toISOString()} ${c.req.method} ${c.req.path} ${c.res.status} ${Math.round(performance.now() - started)}ms`);
  });
  app.use('*', csrf());
  app.use('*', async (c, next) => {
    c.set('options', options);
    c.header('X-Frame-Options', 'SAMEORIGIN');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cache-Control', 'no-store');
    if (!options.auth) { c.set('session', LOCAL); c.set('viaToken', false); return next(); }
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer && options.auth.tokenHash && (await verifySecret(bearer, options.auth.tokenHash))) {
      c.set('session', { user: 'token', csrf: '', expires: Number.POSITIVE_INFINITY });
      c.set('viaToken', true);
      return next();
    }
    const session = sessions.get(getCookie(c, COOKIE));
    c.set('session', session ?? null);
    c.set('viaToken', false);
    if (c.req.path === '/login') return next();
    if (!session) return page(c, { title: 'Sign in' }, loginPage(), 401);
    return next();
  });
  app.use('*', async (c, next) => {
    if (c.req.method !== 'POST' || c.get('viaToken') || c.req.path === '/login') return next();
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const sent = (typeof body.csrf === 'string' ? body.csrf : undefined) ?? c.req.header('x-csrf-token');
    if (!sameToken(sent, c.get('session')!.csrf)) return page(c, { title: 'Form expired' }, html`<p class="bad">This form has expired or did not come from this app. <a href="/">Reload</a> and try again.</p>`, 403);
    return next();
  });

  app.get('/login', (c) => page(c, { title: 'Sign in' }, loginPage()));
  app.post('/login', async (c) => {
    if (!options.auth) return c.redirect('/', 303);
    const body = await c.req.parseBody();
    const user = await checkCredentials(options.auth, String(body.user ?? ''), String(body.password ?? ''));
    if (!user) return page(c, { title: 'Sign in' }, loginPage('Wrong user name or password.'), 401);
    sessions.delete(getCookie(c, COOKIE));
    const { id } = sessions.create(user);
    setCookie(c, COOKIE, id, { httpOnly: true, sameSite: 'Strict', path: '/', secure: new URL(c.req.url).protocol === 'https:' });
    return c.redirect('/', 303);
  });
  app.post('/logout', (c) => {
    sessions.delete(getCookie(c, COOKIE));
    deleteCookie(c, COOKIE, { path: '/' });
    return c.redirect(options.auth ? '/login' : '/', 303);
  });

  app.route('/', pageRoutes());
  app.onError((error, c) => {
    if (error instanceof WarehouseBusy) {
      c.header('Retry-After', '5');
      return page(c, { title: 'Busy, try again in a moment' }, html`<p class="warn" id="busy">The warehouse is busy: ${error.reason}. This page will work again when it finishes, usually within a minute. <a href="${c.req.path}">Try again</a></p>`, 503);
    }
    if (error instanceof HTTPException && error.status === 403) {
      return page(c, { title: 'Forbidden' }, html`<p class="bad">This request did not come from this app's own pages.</p>`, 403);
    }
    options.log?.(`error on ${c.req.method} ${c.req.path}: ${error.message.split('\n')[0]}`);
    return page(c, { title: 'Something went wrong' }, html`<p class="bad">${error.message}</p>`, 400);
  });
  app.notFound((c) => page(c, { title: 'Not found' }, html`<p>Nothing here. <a href="/">Back to the overview</a></p>`, 404));
  return app;
}
