// Segments: each segment's size, change since the previous as-of date, a small trend, downloads and a member preview.
import type { SegmentInfo } from '../../sinks/segment-catalogue.js';
import { segmentSlug } from '../../sinks/output-path.js';
import { exportFormats } from '../../sinks/export-formats.js';
import { html, raw, type SafeHtml } from '../../shared/html.js';
import type { MemberPage } from '../segment-stats.js';

type Trend = readonly { asOf: string; customers: number }[];

/** A 100x24 SVG line of the counts, low to high (numbers only, so it is built as trusted markup). */
export function sparkline(points: Trend): SafeHtml {
  if (points.length < 2) return html`<span class="muted">—</span>`;
  // Scaled to the segment's own min..max so a change of a few customers shows; a steady size is a line in the middle.
  const counts = points.map((p) => p.customers);
  const min = Math.min(...counts), span = Math.max(...counts) - min;
  const xy = points.map((p, i) => `${((i / (points.length - 1)) * 98 + 1).toFixed(1)},${(span === 0 ? 12 : 22 - ((p.customers - min) / span) * 20).toFixed(1)}`);
  return raw(`<svg class="spark" width="100" height="24" viewBox="0 0 100 24" role="img" aria-label="trend"><polyline fill="none" stroke="#1f6feb" stroke-width="1.5" points="${xy.join(' ')}"/></svg>`);
}

function change(points: Trend | undefined): SafeHtml {
  if (!points || points.length < 2) return html`<span class="muted">first run</span>`;
  const d = points.at(-1)!.customers - points.at(-2)!.customers;
  return html`<span class="${d > 0 ? 'ok' : d < 0 ? 'bad' : 'muted'}">${d > 0 ? `+${d}` : String(d)}</span>`;
}

/** Download forms (POST with the CSRF token): each format, hashed audience and changes since the last export. */
export function downloadButtons(segment: string, csrf: string): SafeHtml {
  const form = (kind: string, format: string, label: string) => html`<form class="inline" method="post" action="/segments/${segmentSlug(segment)}/download">
<input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="kind" value="${kind}"><input type="hidden" name="format" value="${format}">
<button type="submit" data-kind="${kind}" data-format="${format}">${label}</button></form>`;
  return html`<div class="dl">${exportFormats.map((f) => form('plain', f, f.toUpperCase()))}${form('hashed', 'csv', 'Hashed audience (CSV)')}${form('delta', 'csv', 'Changes since last export (CSV)')}</div>`;
}

/** The list of segments. */
export function segmentsPage(segments: readonly SegmentInfo[], trends: ReadonlyMap<string, Trend>): SafeHtml {
  return html`<table id="segments"><thead><tr><th>Segment</th><th>Kind</th><th class="n">Customers</th><th class="n">Emailable</th><th class="n">Change</th><th>Trend</th><th>As of</th></tr></thead><tbody>
${segments.map((s) => html`<tr><td><a href="/segments/${segmentSlug(s.name)}">${s.name}</a>${s.error ? html`<br><span class="bad">${s.error}</span>` : ''}</td><td>${s.kind}</td>
<td class="n">${s.customers ?? '–'}</td><td class="n">${s.emailable ?? '–'}</td><td class="n">${change(trends.get(s.name))}</td><td>${sparkline(trends.get(s.name) ?? [])}</td><td>${s.asOf ?? '–'}</td></tr>`)}
</tbody></table>${segments.length === 0 ? html`<p class="muted">No segments yet: run the daily pipeline.</p>` : ''}
<p class="muted">Downloads leave out members who complained, unsubscribed, bounced or have no email, as <code>rapport export segment</code> does.</p>`;
}

/** One segment: downloads and a page of members, searchable by id or email. */
export function segmentPage(info: SegmentInfo | undefined, members: MemberPage, search: string, csrf: string): SafeHtml {
  const slug = segmentSlug(members.segment);
  const pages = Math.max(1, Math.ceil(members.total / members.pageSize));
  const link = (page: number, label: string) => html`<a class="button" href="/segments/${slug}?page=${page}${search ? `&q=${encodeURIComponent(search)}` : ''}">${label}</a>`;
  return html`<p>${info?.customers ?? members.total} customers${info?.emailable !== undefined && info?.emailable !== null ? html`, ${info.emailable} emailable` : ''}${info?.asOf ? html`, as of ${info.asOf}` : ''}.</p>
<div class="card"><h2>Download</h2>${downloadButtons(members.segment, csrf)}</div>
<div class="card"><h2>Members</h2>
<form method="get" action="/segments/${slug}"><input name="q" value="${search}" placeholder="Search id or email" aria-label="Search members"> <button>Search</button></form>
<table id="members"><thead><tr><th>Customer</th><th>Email</th><th class="n">Monetary</th><th class="n">Orders</th><th class="n">Recency (days)</th></tr></thead><tbody>
${members.rows.map((m) => html`<tr><td><a href="/customer/${m.customer_id}">${m.customer_id}</a></td><td>${m.primary_email ?? ''}</td><td class="n">${m.monetary}</td><td class="n">${m.frequency}</td><td class="n">${m.recency_days}</td></tr>`)}
</tbody></table>
<p class="muted">${members.total} matching · page ${members.page} of ${pages}</p>
${members.page > 1 ? link(members.page - 1, '← Previous') : ''} ${members.page < pages ? link(members.page + 1, 'Next →') : ''}</div>`;
}
