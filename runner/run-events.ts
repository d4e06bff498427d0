// What a run reports while it goes (start, steps, retries, progress, warnings, end), and its plain-text form.
import type { ErrorContext } from '../shared/rapport-error.js';

export type RunTrigger = 'manual' | 'schedule' | 'backfill' | 'catch-up';
export type RunStatus = 'success' | 'failed' | 'skipped' | 'interrupted';
export type StepStatus = 'success' | 'failed' | 'skipped' | 'interrupted';

interface Base {
  readonly runId: string;
  readonly pipeline: string;
}

/** One thing that happened in a run; `cli/` renders them for a terminal, a log file or as JSON lines. */
export type RunEvent =
  | (Base & { readonly type: 'run-start'; readonly trigger: RunTrigger; readonly asOf?: string; readonly resumedFrom?: string })
  | (Base & { readonly type: 'step-start'; readonly step: string; readonly attempt: number })
  | (Base & { readonly type: 'step-retry'; readonly step: string; readonly attempt: number; readonly delayMs: number; readonly error: string })
  | (Base & {
      readonly type: 'step-end';
      readonly step: string;
      readonly status: StepStatus;
      readonly ms: number;
      readonly attempts: number;
      readonly rowsIn?: number;
      readonly rowsOut?: number;
      readonly rowsQuarantined?: number;
      readonly error?: string;
      /** Where the error happened (stage, run id, source, location, row), for `--json` and the summaries. */
      readonly errorContext?: ErrorContext;
    })
  | (Base & { readonly type: 'progress'; readonly step: string; readonly done: number; readonly total?: number; readonly unit: string; readonly elapsedMs: number })
  | (Base & { readonly type: 'warning'; readonly step: string; readonly kind: string; readonly subject?: string; readonly message: string })
  | (Base & { readonly type: 'log'; readonly step?: string; readonly message: string })
  | (Base & { readonly type: 'run-end'; readonly status: RunStatus; readonly ms: number; readonly error?: string });

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Progress as `12,000 / 60,000 rows (20%), 3.2 s`; without a total, `12,000 rows, 3.2 s`. */
export function describeProgress(e: Extract<RunEvent, { type: 'progress' }>): string {
  const n = (v: number) => v.toLocaleString('en-US');
  const pct = e.total ? ` (${Math.min(100, Math.floor((e.done / e.total) * 100))}%)` : '';
  return `${e.step}: ${n(e.done)}${e.total ? ` / ${n(e.total)}` : ''} ${e.unit}${pct}, ${seconds(e.elapsedMs)}`;
}

/** One plain log line for an event (without time stamp or run id: the caller adds what its output needs). */
export function describeEvent(e: RunEvent): string {
  switch (e.type) {
    case 'run-start':
      return `run ${e.runId} started (${e.trigger}${e.asOf ? `, as of ${e.asOf}` : ''}${e.resumedFrom ? `, resuming ${e.resumedFrom}` : ''})`;
    case 'step-start':
      return e.attempt > 1 ? `${e.step}: attempt ${e.attempt} started` : `${e.step}: started`;
    case 'step-retry':
      return `${e.step}: attempt ${e.attempt} failed with a transient error, retrying in ${seconds(e.delayMs)}: ${e.error}`;
    case 'step-end': {
      const rows = [e.rowsIn !== undefined ? `in ${e.rowsIn}` : '', e.rowsOut !== undefined ? `out ${e.rowsOut}` : '', e.rowsQuarantined ? `quarantined ${e.rowsQuarantined}` : '']
        .filter(Boolean).join(', ');
      if (e.status === 'success') return `${e.step}: done in ${seconds(e.ms)}${rows ? ` (rows ${rows})` : ''}${e.attempts > 1 ? ` after ${e.attempts} attempts` : ''}`;
      return `${e.step}: ${e.status.toUpperCase()}: ${e.error ?? ''}`;
    }
    case 'progress':
      return describeProgress(e);
    case 'warning':
      return `${e.step}: WARNING ${e.kind}: ${e.message}`;
    case 'log':
      return e.step ? `${e.step}: ${e.message}` : e.message;
    case 'run-end':
      return `run ${e.runId} ${e.status} in ${seconds(e.ms)}${e.error ? `: ${e.error}` : ''}`;
  }
}
