// The web app: host check, sign-in with throttling, CSRF checks, CSP, PII-free access log and the page routes, testable with app.request().
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { CustomSegments } from '../sinks/segment-catalogue.js';
import type { IdentityConfig } from '../transforms/identity-config.js';
import { BearerCheck, checkCredentials, sameToken, SessionStore, type AuthConfig, type Session } from './auth.js';
import { newNonce, pagePolicy } from './content-security.js';
import { hostAllowed } from './host-check.js';
import { html } from '../shared/html.js';
import { layout, type Frame } from './layout.js';
import { LoginThrottle } from './login-throttle.js';
import { loginPage } from './pages/login.js';
import { BadRequest } from './query-params.js';
import { privacyRoutes } from './privacy-routes.js';
import { pageRoutes } from './routes.js';
import type { RunLauncher } from './run-launcher.js';
import { WarehouseBusy, type WarehouseGate } from './warehouse-gate.js';

export interface AppOptions {
  readonly gate: WarehouseGate;
  /** Folder the KPI reports are written to (`<outputs.reports>`); each sub-folder with an index.html is a report. */
  readonly reportsDir: string;
  readonly customSegments: CustomSegments;
  /** Identity rules the customer lookup normalises emails and phones with (`identity` of the config; defaults when omitted). */
  readonly identity?: IdentityConfig;
  readonly pipelines: readonly string[];
  readonly launcher: RunLauncher;
  /** Sign-in required when given; without it every request is the local user (127.0.0.1 only, see serve.ts). */
  readonly auth?: AuthConfig | undefined;
  /**
   * Host names answered besides loopback ones (`web.allowedHosts`). Without sign-in only loopback names and these
   * are answered (DNS rebinding); with sign-in, any name unless this list is given.
   */
  readonly allowedHosts?: readonly string[] | undefined;
  /** Failed sign-ins per user and address (tests pass one with their own clock). */
  readonly throttle?: LoginThrottle;
  /** One line per request: method, path (never the query string), status and time. */
  readonly log?: (line: string) => void;
  readonly sessions?: SessionStore;
  readonly now?: () => Date;
  /** The warehouse file, for the admin's forget (which rewrites it); without it the web app cannot forget. */
  readonly warehouseFile?: string;
}

/** Request variables set by the auth middleware. */
export interface WebEnv {
  Variables: { session: Session | null; viaToken: boolean; options: AppOptions; nonce: string };
}

const COOKIE = 'rapport_session';

/** Renders `body` in the frame with the request's user, CSRF token and CSP nonce. */
export function page(c: Context<WebEnv>, frame: Omit<Frame, 'user' | 'csrf' | 'nonce'>, body: ReturnType<typeof html>, status: 200 | 400 | 401 | 403 | 404 | 429 | 500 | 503 = 200): Response {
  const s = c.get('session');
  return c.html(layout({ ...frame, user: s?.user || undefined, csrf: s?.csrf, nonce: c.get('nonce') }, body), status);
}

/** The client's address (the socket's; there is no proxy header to trust), or "unknown" outside a real server. */
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Builds the app. Auth on: every route but /login needs the session cookie (or `Authorization: Bearer <token>`),
 * else 401. Every POST from a session must carry its CSRF token (`csrf` form field or `x-csrf-token` header),
 * on top of Hono's Origin / Sec-Fetch-Site check.
 */
export function createApp(options: AppOptions): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  const sessions = options.sessions ?? new SessionStore();
  const throttle = options.throttle ?? new LoginThrottle();
  const bearers = options.auth?.tokenHash ? new BearerCheck(options.auth.tokenHash) : undefined;
  const tooMany = (c: Context<WebEnv>, waitMs: number) => {
    const seconds = Math.ceil(waitMs / 1000);
    c.header('Retry-After', String(seconds));
    return page(c, { title: 'Sign in' }, loginPage(`Too many failed sign-ins. Try again in ${seconds} s.`), 429);
  };
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // The path only: lookups are POSTs, and a query string (member search) may hold an email, so it is never logged.
    options.log?.(`${new Date().toISOString()} ${c.req.method} ${c.req.path} ${c.res.status} ${Math.round(performance.now() - started)}ms`);
  });
  app.use('*', async (c, next) => {
    const host = new URL(c.req.url).hostname; // from the Host header
    if ((!options.auth || options.allowedHosts) && !hostAllowed(host, options.allowedHosts ?? [])) {
      options.log?.(`refused a request for host "${host.slice(0, 100)}": not a loopback name or one of web.allowedHosts`);
      return c.text(`This app answers only at http://127.0.0.1 or http://localhost (or the names in web.allowedHosts), not at "${host}".\n`, 421);
    }
    return next();
  });
  app.use('*', async (c, next) => {
    c.set('nonce', newNonce());
    await next();
    if (!c.res.headers.has('content-security-policy')) c.res.headers.set('content-security-policy', pagePolicy(c.get('nonce')));
  });
  app.use('*', csrf());
  app.use('*', async (c, next) => {
    c.set('options', options);
    c.header('X-Frame-Options', 'SAMEORIGIN');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cache-Control', 'no-store');
    c.set('viaToken', false);
    const cookie = getCookie(c, COOKIE);
    const session = sessions.get(cookie);
    if (!options.auth) {
      // The local user still gets a session of its own, so its CSRF token is random, not a constant a page could send.
      if (session) c.set('session', session);
      else {
        const created = sessions.create('');
        setCookie(c, COOKIE, created.id, { httpOnly: true, sameSite: 'Strict', path: '/' });
        c.set('session', created.session);
      }
      return next();
    }
    const bearer = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (bearer && bearers) {
      const address = [`address:${clientAddress(c)}`];
      const wait = throttle.lockedFor(address);
      if (wait > 0) return tooMany(c, wait);
      if (await bearers.verify(bearer)) {
        c.set('session', { user: 'token', csrf: '', expires: Number.POSITIVE_INFINITY });
        c.set('viaToken', true);
        return next();
      }
      const lock = throttle.fail(address);
      options.log?.(`sign-in: a wrong bearer token from ${clientAddress(c)}${lock ? `; locked for ${Math.ceil(lock / 1000)} s` : ''}`);
    }
    c.set('session', session ?? null);
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
    const name = String(body.user ?? '').slice(0, 200);
    const address = clientAddress(c);
    const keys = [`user:${name}`, `address:${address}`];
    const wait = throttle.lockedFor(keys);
    if (wait > 0) return tooMany(c, wait);
    const user = await checkCredentials(options.auth, name, String(body.password ?? ''));
    if (!user) {
      const lock = throttle.fail(keys);
      // A user name typed by mistake may be a password or an email: only configured names are logged.
      const who = options.auth.users.some((u) => u.name === name) || name === 'token' ? `user "${name}"` : 'an unknown user name';
      options.log?.(`sign-in: failed for ${who} from ${address}${lock ? `; locked for ${Math.ceil(lock / 1000)} s` : ''}`);
      return page(c, { title: 'Sign in' }, loginPage('Wrong user name or password.'), 401);
    }
    throttle.succeed([`user:${name}`]);
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

  app.route('/', privacyRoutes());
  app.route('/', pageRoutes());
  app.onError((error, c) => {
    if (error instanceof WarehouseBusy) {
      c.header('Retry-After', '5');
      return page(c, { title: 'Busy, try again in a moment' }, html`<p class="warn" id="busy">The warehouse is busy: ${error.reason}. This page will work again when it finishes, usually within a minute. <a href="${c.req.path}">Try again</a></p>`, 503);
    }
    if (error instanceof HTTPException && error.status === 403) {
      return page(c, { title: 'Forbidden' }, html`<p class="bad">This request did not come from this app's own pages.</p>`, 403);
    }
    if (error instanceof BadRequest) return page(c, { title: 'Bad request' }, html`<p class="bad">${error.message}</p>`, 400);
    options.log?.(`error on ${c.req.method} ${c.req.path}: ${error.message.split('\n')[0]}`);
    return page(c, { title: 'Something went wrong' }, html`<p class="bad">${error.message}</p>`, 500);
  });
  app.notFound((c) => page(c, { title: 'Not found' }, html`<p>Nothing here. <a href="/">Back to the overview</a></p>`, 404));
  return app;
}
