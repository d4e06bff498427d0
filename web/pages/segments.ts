// Segments: each segment's meaning, size, change since the previous run, a trend over time, downloads and a member
// preview that marks who a download leaves out and why.
import type { SegmentInfo } from '../../sinks/segment-catalogue.js';
import { segmentSlug } from '../../sinks/output-path.js';
import { exportFormats, type ExportFormat } from '../../sinks/export-formats.js';
import { describeSuppressed } from '../../sinks/suppression.js';
import { html, raw, type SafeHtml } from '../../shared/html.js';
import type { MemberPage, MemberSortKey } from '../segment-stats.js';
import { choosableColumns } from '../segment-download.js';
import { segmentMeaning } from '../segment-meaning.js';

type Trend = readonly { asOf: string; customers: number }[];

/** What each format is for, in words a marketer reads; the file type is still named. */
export const formatNames: Readonly<Record<ExportFormat, string>> = {
  csv: 'Excel-ready CSV', parquet: 'For data tools: Parquet', json: 'For developers: JSON', ndjson: 'For developers: NDJSON (one per line)',
  arrow: 'For data tools: Arrow',
};

const day = (iso: string) => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);

/**
 * A 100x24 SVG line of the counts, low to high, with each point placed by its date (runs a week apart are twice as
 * far apart as runs three days apart). Numbers only, so it is built as trusted markup.
 */
export function sparkline(points: Trend): SafeHtml {
  if (points.length < 2) return html`<span class="muted">—</span>`;
  // Scaled to the segment's own min..max so a change of a few customers shows; a steady size is a line in the middle.
  const counts = points.map((p) => p.customers);
  const min = Math.min(...counts), span = Math.max(...counts) - min;
  const [first, last] = [day(points[0]!.asOf), day(points.at(-1)!.asOf)];
  const x = (p: Trend[number], i: number) => (last === first ? i / (points.length - 1) : (day(p.asOf) - first) / (last - first));
  const xy = points.map((p, i) => `${(x(p, i) * 98 + 1).toFixed(1)},${(span === 0 ? 12 : 22 - ((p.customers - min) / span) * 20).toFixed(1)}`);
  const label = `from ${points[0]!.customers} on ${points[0]!.asOf.slice(0, 10)} to ${points.at(-1)!.customers} on ${points.at(-1)!.asOf.slice(0, 10)}`;
  return raw(`<svg class="spark" width="100" height="24" viewBox="0 0 100 24" role="img" aria-label="trend ${label}"><polyline fill="none" stroke="#1f6feb" stroke-width="1.5" points="${xy.join(' ')}"/></svg>`);
}

/** The change since the previous run, green when that is good news for the segment, red when bad, grey when neither or unknown. */
export function change(segment: string, points: Trend | undefined): SafeHtml {
  if (!points || points.length < 2) return html`<span class="muted">first run</span>`;
  const d = points.at(-1)!.customers - points.at(-2)!.customers;
  const better = segmentMeaning(segment)?.better;
  const tone = d === 0 || better === undefined ? 'muted' : (d > 0) === (better === 'up') ? 'ok' : 'bad';
  return html`<span class="${tone}">${d > 0 ? `+${d}` : String(d)}</span> <span class="muted nowrap">since ${points.at(-2)!.asOf.slice(0, 10)}</span>`;
}

/**
 * The download form (POST with the CSRF token): a button per format, named by what it is for, a hashed audience and the
 * changes since the last export; the columns a plain or changes download writes can be chosen (none ticked: all).
 */
export function downloadButtons(segment: string, csrf: string): SafeHtml {
  const button = (kind: string, format: string, label: string) =>
    html`<button type="submit" name="download" value="${kind}:${format}" data-kind="${kind}" data-format="${format}">${label}</button>`;
  return html`<form method="post" action="/segments/${segmentSlug(segment)}/download"><input type="hidden" name="csrf" value="${csrf}">
<div class="dl">${exportFormats.map((f) => button('plain', f, formatNames[f]))}${button('hashed', 'csv', 'Hashed audience for ad platforms (CSV)')}${button('delta', 'csv', 'Who joined or left since the last export (CSV)')}</div>
<details class="columns"><summary>Choose columns (all when none is ticked; hashed audiences keep theirs)</summary>
${choosableColumns.map((c) => html`<label class="inline"><input type="checkbox" name="columns" value="${c}"> ${c}</label> `)}</details></form>`;
}

/** The list of segments. */
export function segmentsPage(segments: readonly SegmentInfo[], trends: ReadonlyMap<string, Trend>): SafeHtml {
  const meaning = (s: SegmentInfo) => s.description ?? segmentMeaning(s.name)?.definition ?? '';
  return html`<table id="segments"><thead><tr><th>Segment</th><th>What it means</th><th class="n">Customers</th><th class="n">Emailable</th><th class="n">Change since the previous run</th><th>Trend</th><th>As of</th></tr></thead><tbody>
${segments.map((s) => html`<tr><td><a href="/segments/${segmentSlug(s.name)}">${s.name}</a>${s.error ? html`<br><span class="bad">${s.error}</span>` : ''}</td><td class="meaning">${meaning(s)}</td>
<td class="n">${s.customers ?? '–'}</td><td class="n">${s.emailable ?? '–'}</td><td class="n">${change(s.name, trends.get(s.name))}</td><td>${sparkline(trends.get(s.name) ?? [])}</td><td class="nowrap">${s.asOf ?? '–'}</td></tr>`)}
</tbody></table>${segments.length === 0 ? html`<p class="muted">No segments yet: run the daily pipeline.</p>` : ''}
<p class="muted">Change is green when it is good news for the business (more Champions, fewer At Risk) and red when it is not. Downloads leave out members who complained, unsubscribed, bounced or have no email, as <code>rapport export segment</code> does.</p>`;
}

const money = (v: number | null) => (v === null ? '' : v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const whole = (v: number | null) => (v === null ? '' : v.toLocaleString('en-US', { maximumFractionDigits: 0 }));

/** One segment: its meaning, downloads and a page of members (searchable, sortable), marking who downloads leave out. */
export function segmentPage(info: SegmentInfo | undefined, members: MemberPage, search: string, csrf: string): SafeHtml {
  const slug = segmentSlug(members.segment);
  const pages = Math.max(1, Math.ceil(members.total / members.pageSize));
  const query = (page: number, sort: MemberSortKey, desc: boolean) =>
    `/segments/${slug}?page=${page}${search ? `&q=${encodeURIComponent(search)}` : ''}${sort !== 'customer_id' || desc ? `&sort=${sort}&dir=${desc ? 'desc' : 'asc'}` : ''}`;
  const link = (page: number, label: string) => html`<a class="button" href="${query(page, members.sort, members.descending)}">${label}</a>`;
  const sortable = (key: MemberSortKey, label: string, numeric: boolean) => {
    const on = members.sort === key;
    const next = on ? !members.descending : numeric; // numbers sort biggest first on the first click
    return html`<th class="${numeric ? 'n' : ''}" aria-sort="${on ? (members.descending ? 'descending' : 'ascending') : 'none'}"><a href="${query(1, key, next)}">${label}${on ? (members.descending ? ' ▼' : ' ▲') : ''}</a></th>`;
  };
  const leftOut = Object.values(members.leftOut).reduce((n, c) => n + (c ?? 0), 0);
  const meaning = info?.description ?? segmentMeaning(members.segment)?.definition;
  return html`${meaning ? html`<p class="meaning">${meaning}</p>` : ''}<p>${info?.customers ?? members.total} customers${info?.emailable !== undefined && info?.emailable !== null ? html`, ${info.emailable} emailable` : ''}${info?.asOf ? html`, as of ${info.asOf}` : ''}.</p>
<div class="card"><h2>Download</h2>${downloadButtons(members.segment, csrf)}</div>
<div class="card"><h2>Members</h2>
<form method="get" action="/segments/${slug}"><input name="q" value="${search}" placeholder="Search id or email" aria-label="Search members"> <button>Search</button></form>
<p id="left-out" class="${leftOut > 0 ? 'warn' : 'muted'}">${leftOut > 0
    ? html`${leftOut} of these ${members.total} members are left out of downloads (${describeSuppressed(members.leftOut).replace(/^\d+ left out: /, '')}): they are marked below.`
    : html`Downloads include all ${members.total} of these members.`}</p>
<table id="members"><thead><tr>${sortable('customer_id', 'Customer', false)}<th>Email</th>${sortable('monetary', 'Spent', true)}${sortable('frequency', 'Orders', true)}${sortable('recency_days', 'Days since last order', true)}<th>In downloads</th></tr></thead><tbody>
${members.rows.map((m) => html`<tr${m.left_out ? raw(' class="left-out"') : ''}><td><a href="/customer/${m.customer_id}">${m.customer_id}</a></td><td>${m.primary_email ?? ''}</td><td class="n">${money(m.monetary)}</td><td class="n">${whole(m.frequency)}</td><td class="n">${whole(m.recency_days)}</td>\
<td>${m.left_out ? html`<span class="bad">left out: ${m.left_out.replaceAll('_', ' ')}</span>` : html`<span class="ok">yes</span>`}</td></tr>`)}
</tbody></table>
<p class="muted">${members.total} matching · page ${members.page} of ${pages}</p>
${members.page > 1 ? link(members.page - 1, '← Previous') : ''} ${members.page < pages ? link(members.page + 1, 'Next →') : ''}</div>`;
}
