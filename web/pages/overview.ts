// Overview: the latest KPI report (the files `rapport report kpi` writes), its as-of date, freshness and earlier reports.
import { html, type SafeHtml } from '../../shared/html.js';
import type { ReportFolder } from '../report-files.js';

/** Facts about the data shown next to the report. */
export interface Freshness {
  readonly asOf: string | null;
  readonly lastRun: { run_id: string; status: string; ended_at: Date | null } | null;
}

/** The report in a frame, with the list of kept reports (newest first) and how fresh the data is. */
export function overviewPage(reports: readonly ReportFolder[], selected: ReportFolder | undefined, fresh: Freshness, now: Date): SafeHtml {
  return html`<div class="card" id="freshness">
<strong>Data as of ${fresh.asOf ?? 'unknown (no pipeline run yet)'}</strong>
${fresh.lastRun ? html` · last run <a href="/runs/${fresh.lastRun.run_id}">${fresh.lastRun.run_id}</a> <span class="${fresh.lastRun.status === 'success' ? 'ok' : 'bad'}">${fresh.lastRun.status}</span>${fresh.lastRun.ended_at ? html`, ended ${ago(now.getTime() - fresh.lastRun.ended_at.getTime())}` : ''}` : ''}
</div>
${selected
    ? html`<p>Report <strong>${selected.name}</strong>${selected.asOf ? html` as of ${selected.asOf}` : ''}, written ${selected.writtenAt} ·
<a href="/reports/${selected.name}/index.html" target="_blank" rel="noopener">open on its own</a></p>
<iframe class="report" title="KPI report" src="/reports/${selected.name}/index.html"></iframe>`
    : html`<p class="muted">No KPI report yet: run the daily pipeline (it writes one) or <code>rapport report kpi</code>.</p>`}
${reports.length > 1 ? html`<h2>Earlier reports</h2><ul>${reports.map((r) => html`<li><a href="/?report=${r.name}">${r.name}</a> ${r.asOf ? html`(as of ${r.asOf})` : ''}, written ${r.writtenAt}</li>`)}</ul>` : ''}`;
}

/** How long ago, as a person says it: "just now", "5 min ago", "3 h ago", "2 days ago". */
export function ago(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.floor(hours / 24)} days ago`;
}
