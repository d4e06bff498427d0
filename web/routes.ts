// The page routes: overview and report files, segments and downloads, customer lookup, runs and run launches.
import { Hono } from 'hono';
import { listRuns, showRun } from '../runner/run-history.js';
import { listSegments } from '../sinks/segment-catalogue.js';
import { segmentSlug } from '../sinks/output-path.js';
import { findCustomers } from '../transforms/customer-lookup.js';
import type { WebEnv } from './app.js';
import { page } from './app.js';
import { reportPolicy } from './content-security.js';
import { customerIdPattern, customerProfile } from './customer-profile.js';
import { customerSatisfaction } from './customer-satisfaction.js';
import { satisfactionCards } from './pages/customer-satisfaction.js';
import { html } from '../shared/html.js';
import { lookupForm, matchesPage, profilePage } from './pages/customer.js';
import { overviewPage } from './pages/overview.js';
import { privacyCard } from './pages/privacy.js';
import { isAdmin } from './privacy-routes.js';
import { confirmPage, livePage, runPage, runsPage, startForm } from './pages/runs.js';
import { segmentPage, segmentsPage } from './pages/segments.js';
import { OverviewQuery, queryParams, SegmentQuery } from './query-params.js';
import { listReports, readReportFile } from './report-files.js';
import { areChoosableColumns, contentTypes, downloadSegment, isDownloadKind, isExportFormat } from './segment-download.js';
import { segmentMembers, segmentTrends } from './segment-stats.js';
import type { DB } from '../transforms/contracts/index.js';
import { queryBuilder, selectRows } from '../warehouse/query-builder.js';

const db = queryBuilder<DB>();

/** Routes behind the auth and CSRF middleware of `createApp`. */
export function pageRoutes(): Hono<WebEnv> {
  const r = new Hono<WebEnv>();

  r.get('/', async (c) => {
    const o = c.get('options');
    const reports = await listReports(o.reportsDir);
    const wanted = queryParams(c, OverviewQuery).report;
    const selected = reports.find((x) => x.name === wanted) ?? reports.find((x) => x.name === 'kpi') ?? reports[0];
    const fresh = await o.gate.use(async (wh) => {
      const [run] = await listRuns(wh, { limit: 1 });
      const [asOf] = await selectRows(wh, db.selectFrom('customer_360').select((eb) => eb.fn.max<string | null>('as_of').as('as_of'))).catch(() => []);
      return { asOf: asOf?.as_of ?? null, lastRun: run ? { run_id: run.run_id, status: run.status, ended_at: run.ended_at } : null };
    });
    return page(c, { title: 'Overview', active: 'overview' }, overviewPage(reports, selected, fresh, (o.now ?? (() => new Date()))()));
  });

  r.get('/reports/:folder/:file', async (c) => {
    const file = await readReportFile(c.get('options').reportsDir, c.req.param('folder'), c.req.param('file'));
    if (!file) return c.notFound();
    return c.body(new Uint8Array(file.body), 200, { 'content-type': file.type, 'content-security-policy': reportPolicy });
  });

  r.get('/segments', async (c) => {
    const o = c.get('options');
    const [segments, trends] = await o.gate.use(async (wh) => [await listSegments(wh, o.customSegments), await segmentTrends(wh)] as const);
    return page(c, { title: 'Segments', active: 'segments' }, segmentsPage(segments, trends));
  });

  r.get('/segments/:slug', async (c) => {
    const o = c.get('options');
    const { q: search, page: pageNo, sort, dir } = queryParams(c, SegmentQuery);
    const found = await o.gate.use(async (wh) => {
      const all = await listSegments(wh, o.customSegments);
      const info = all.find((s) => segmentSlug(s.name) === c.req.param('slug'));
      if (!info) return null;
      return { info, members: await segmentMembers(wh, info.name, o.customSegments, { search, page: pageNo, sort, descending: dir === 'desc' }) };
    });
    if (!found) return c.notFound();
    return page(c, { title: `Segment: ${found.info.name}`, active: 'segments' }, segmentPage(found.info, found.members, search, c.get('session')!.csrf));
  });

  r.post('/segments/:slug/download', async (c) => {
    const o = c.get('options');
    const body = await c.req.parseBody({ all: true });
    // One form: the pressed button says kind and format ("plain:csv"); a client may also send kind and format as fields.
    const [kind, format] = typeof body.download === 'string' ? body.download.split(':') : [body.kind, body.format];
    const columns = body.columns === undefined ? [] : [body.columns].flat();
    if (!isDownloadKind(kind) || !isExportFormat(format) || !areChoosableColumns(columns)) {
      return page(c, { title: 'Bad request' }, html`<p>Unknown download kind, format or column.</p>`, 400);
    }
    const file = await o.gate.use(async (wh) => {
      const info = (await listSegments(wh, o.customSegments)).find((s) => segmentSlug(s.name) === c.req.param('slug'));
      return info ? downloadSegment(wh, info.name, o.customSegments, kind, format, columns) : null;
    }, { write: true });
    if (!file) return c.notFound();
    return c.body(new Uint8Array(file.body), 200, {
      'content-type': contentTypes[format], 'content-disposition': `attachment; filename="${file.fileName}"`, 'x-rapport-export-id': file.exportId,
    });
  });

  r.get('/customer', (c) => page(c, { title: 'Customer', active: 'customer' }, lookupForm(c.get('session')!.csrf)));
  r.post('/customer', async (c) => {
    const q = String((await c.req.parseBody()).q ?? '');
    const options = c.get('options');
    const ids = (await options.gate.use((wh) => findCustomers(wh, q, options.identity))).customerIds;
    const csrf = c.get('session')!.csrf;
    if (ids.length === 1) return c.redirect(`/customer/${encodeURIComponent(ids[0]!)}`, 303);
    if (ids.length === 0) return page(c, { title: 'Customer', active: 'customer' }, lookupForm(csrf, 'No customer matches that.'), 404);
    return page(c, { title: 'Customer', active: 'customer' }, matchesPage(csrf, ids));
  });
  r.get('/customer/:id', async (c) => {
    const id = c.req.param('id');
    if (!customerIdPattern.test(id)) return c.notFound();
    const [profile, satisfaction] = await c.get('options').gate.use(async (wh) => [await customerProfile(wh, id), await customerSatisfaction(wh, id)] as const);
    if (!profile) return c.notFound();
    const csrf = c.get('session')!.csrf;
    return page(c, { title: `Customer ${id}`, active: 'customer' }, html`${profilePage(csrf, profile)}${satisfactionCards(satisfaction)}${isAdmin(c) ? privacyCard(csrf, id) : ''}`);
  });

  r.get('/runs', async (c) => {
    const o = c.get('options');
    const runs = await o.gate.use((wh) => listRuns(wh, { limit: 50 }));
    return page(c, { title: 'Runs', active: 'runs' }, runsPage(runs, startForm(o.pipelines, c.get('session')!.csrf, o.launcher.running())));
  });
  r.get('/runs/live/:id', (c) => {
    const run = c.get('options').launcher.get(c.req.param('id'));
    if (!run) return c.notFound();
    return page(c, { title: `Running ${run.pipeline}`, active: 'runs', ...(run.status === 'running' ? { refreshSeconds: 1 } : {}) }, livePage(run));
  });
  r.get('/runs/:id', async (c) => {
    const id = c.req.param('id');
    if (!/^[A-Za-z0-9_.:-]{1,120}$/.test(id)) return c.notFound();
    const detail = await c.get('options').gate.use((wh) => showRun(wh, id).catch(() => null));
    if (!detail) return c.notFound();
    return page(c, { title: `Run ${detail.run.run_id}`, active: 'runs' }, runPage(detail));
  });
  r.post('/runs/start', async (c) => {
    const o = c.get('options');
    const body = await c.req.parseBody();
    const pipeline = String(body.pipeline ?? '');
    if (!o.pipelines.includes(pipeline)) return page(c, { title: 'Bad request' }, html`<p>Unknown pipeline.</p>`, 400);
    const running = o.launcher.running();
    if (running) return c.redirect(`/runs/live/${running.id}`, 303);
    if (body.confirm !== 'yes') return page(c, { title: 'Start a run?', active: 'runs' }, confirmPage(pipeline, c.get('session')!.csrf));
    return c.redirect(`/runs/live/${o.launcher.start(pipeline).id}`, 303);
  });
  return r;
}
