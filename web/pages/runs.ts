// Runs: the run history, one run's steps, the start-a-run confirmation and a launched run's live progress.
import type { RunDetail, RunRow } from '../../runner/run-history.js';
import { html, type SafeHtml } from '../../shared/html.js';
import type { LaunchedRun } from '../run-launcher.js';

const took = (a: Date | null, b: Date | null) => (a && b ? `${((b.getTime() - a.getTime()) / 1000).toFixed(1)} s` : '–');
const cls = (status: string) => (status === 'success' ? 'ok' : status === 'running' ? 'warn' : status === 'skipped' ? 'muted' : 'bad');

/** The start form: picking a pipeline leads to a confirmation page, not straight to a run. */
export function startForm(pipelines: readonly string[], csrf: string, running: LaunchedRun | undefined): SafeHtml {
  if (running) return html`<p class="card">A run of ${running.pipeline} is going: <a href="/runs/live/${running.id}">follow it</a>.</p>`;
  return html`<form method="post" action="/runs/start" class="card"><input type="hidden" name="csrf" value="${csrf}">
<label>Run pipeline <select name="pipeline">${pipelines.map((p) => html`<option>${p}</option>`)}</select></label> <button>Run now…</button></form>`;
}

/** The history table. */
export function runsPage(runs: readonly RunRow[], start: SafeHtml): SafeHtml {
  return html`${start}<table id="runs"><thead><tr><th>Run</th><th>Pipeline</th><th>Trigger</th><th>Status</th><th>Started (UTC)</th><th class="n">Took</th><th class="n">Steps</th><th>As of</th><th>Error</th></tr></thead><tbody>
${runs.map((r) => html`<tr><td><a href="/runs/${r.run_id}">${r.run_id}</a></td><td>${r.pipeline}</td><td>${r.trigger}</td><td class="${cls(r.status)}">${r.status}</td>
<td>${r.started_at}</td><td class="n">${took(r.started_at, r.ended_at)}</td><td class="n">${r.steps}</td><td>${r.as_of ?? '–'}</td><td>${r.error ?? ''}</td></tr>`)}
</tbody></table>${runs.length === 0 ? html`<p class="muted">No runs recorded yet.</p>` : ''}`;
}

/** One recorded run with its steps and row counts. */
export function runPage({ run, steps, warnings }: RunDetail): SafeHtml {
  const n = (v: number | null) => (v === null ? '–' : v);
  return html`<p>${run.pipeline} · ${run.trigger} · <span class="${cls(run.status)}">${run.status}</span> · started ${run.started_at} · took ${took(run.started_at, run.ended_at)} · as of ${run.as_of ?? '–'}</p>
${run.error ? html`<p class="bad">${run.error}</p>` : ''}
<table id="steps"><thead><tr><th>Step</th><th>Status</th><th class="n">Took</th><th class="n">In</th><th class="n">Out</th><th class="n">Quarantined</th><th class="n">Attempts</th><th>Error</th></tr></thead><tbody>
${steps.map((s) => html`<tr><td>${s.step}</td><td class="${cls(s.status)}">${s.status}</td><td class="n">${took(s.started_at, s.ended_at)}</td><td class="n">${n(s.rows_in)}</td><td class="n">${n(s.rows_out)}</td><td class="n">${n(s.rows_quarantined)}</td><td class="n">${s.attempts}</td><td>${s.error ?? ''}</td></tr>`)}
</tbody></table>${warnings.length ? html`<h2>Warnings</h2><ul>${warnings.map((w) => html`<li>${w.step}: ${w.message}</li>`)}</ul>` : ''}`;
}

/** "Run <pipeline> now?" with a confirm button. */
export function confirmPage(pipeline: string, csrf: string): SafeHtml {
  return html`<div class="card"><p>Run the <strong>${pipeline}</strong> pipeline now? It loads new source data and rebuilds every table;
pages show "busy" while it writes (usually a minute or less).</p>
<form method="post" action="/runs/start" class="inline"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="pipeline" value="${pipeline}">
<input type="hidden" name="confirm" value="yes"><button class="primary" id="confirm-run">Yes, run ${pipeline}</button></form> <a class="button" href="/runs">Cancel</a></div>`;
}

/** Live progress of a launched run (the page refreshes itself every second while it runs). */
export function livePage(run: LaunchedRun): SafeHtml {
  return html`<p id="live-status">Run of ${run.pipeline}${run.runId ? html` (<a href="/runs/${run.runId}">${run.runId}</a>)` : ''}: <strong class="${cls(run.status)}">${run.status}</strong></p>
<ul class="steps" id="live-steps">${run.steps.map((s) => html`<li><span class="${cls(s.status)}">${s.status === 'running' ? '…' : s.status === 'success' ? '✓' : '✗'}</span> ${s.step}${s.ms !== undefined ? html` · ${(s.ms / 1000).toFixed(1)} s` : ''}${s.rowsOut !== undefined ? html` · ${s.rowsOut} rows` : ''}${s.error ? html` <span class="bad">${s.error}</span>` : ''}</li>`)}</ul>
${run.status !== 'running' && run.stderr.length ? html`<pre class="bad">${run.stderr.slice(-5).join('\n')}</pre>` : ''}
${run.status === 'running' ? html`<p class="muted">Updating every second…</p>` : html`<p><a href="/runs">Back to the run history</a></p>`}`;
}
