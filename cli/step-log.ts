// The concise run log of `rapport run`, in the style of `dbt run`: one aligned line per step as it ends
// ("3 of 14 OK rfm_segments .... [963 rows, 0.1 s]"), colour on a terminal, then warnings, errors and a summary line.
import { describeProgress, type RunEvent } from '../runner/run-events.js';

export interface StepLogOptions {
  /** Steps in the run, for "3 of 14". */
  readonly total: number;
  /** A terminal: colour, and a live status line for long steps. */
  readonly tty: boolean;
  readonly write: (line: string) => void;
  /** Writes raw text to the terminal (for the live status line); needed when `tty`. */
  readonly writeRaw?: (text: string) => void;
}

/** Width the step lines are padded to with dots, before the bracket (dbt pads to 80 columns in all). */
const WIDTH = 64;
const COLOURS = { OK: 32, ERROR: 31, SKIP: 33, STOP: 33, WARN: 33 } as const;
const LABEL = { success: 'OK', failed: 'ERROR', skipped: 'SKIP', interrupted: 'STOP' } as const;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const count = (n: number) => n.toLocaleString('en-US');

/**
 * One line of a dbt-style log: `  3 of 14 OK rfm_segments ..... [963 rows, 0.1 s]`, dots up to a fixed width, the
 * label passed through `paint` (colour on a terminal). `rapport run` prints steps with it, `rapport test` tests.
 */
export function alignedLine(index: number, total: number, label: string, name: string, detail: string, paint: (label: string) => string = (l) => l): string {
  const head = `${String(index).padStart(String(total).length)} of ${total} ${label} ${name} `;
  return `  ${head.replace(label, paint(label))}${'.'.repeat(Math.max(3, WIDTH - head.length))} [${detail}]`;
}

/**
 * A sink for run events that prints the concise log. Call `close` at the end so a live status line is cleared.
 * @example const log = createStepLog({ total: pipeline.steps.length, tty: false, write: io.err }); runPipeline(p, { ..., onEvent: log.event });
 */
export function createStepLog(o: StepLogOptions): { event: (e: RunEvent) => void; close: () => void } {
  const paint = (label: keyof typeof COLOURS, text: string = label) => (o.tty ? `\x1b[${COLOURS[label]}m${text}\x1b[0m` : text);
  const warnings: string[] = [];
  const errors: string[] = [];
  const tally = { OK: 0, ERROR: 0, SKIP: 0, STOP: 0 };
  let ended = 0;
  let live = false;
  const clearLive = () => {
    if (live) o.writeRaw?.('\r\x1b[K');
    live = false;
  };
  const line = (text: string) => {
    clearLive();
    o.write(text);
  };
  return {
    event(e) {
      switch (e.type) {
        case 'run-start':
          line(`Running ${e.pipeline} (run ${e.runId}, ${e.trigger}${e.asOf ? `, as of ${e.asOf}` : ''}${e.resumedFrom ? `, resuming ${e.resumedFrom}` : ''}): ${o.total} steps`);
          return;
        case 'progress':
          if (!o.tty || !o.writeRaw) return;
          o.writeRaw(`\r\x1b[K  ${describeProgress(e)}`);
          live = true;
          return;
        case 'step-retry':
          line(`  ${paint('WARN', 'RETRY')} ${e.step}: attempt ${e.attempt} failed (${e.error}); retrying in ${seconds(e.delayMs)}`);
          return;
        case 'warning':
          warnings.push(`${e.step}: ${e.message}`);
          return;
        case 'step-end': {
          const label = LABEL[e.status];
          tally[label]++;
          if (e.status === 'failed' || e.status === 'interrupted') errors.push(`${e.step}: ${e.error ?? e.status}`);
          const rows = e.rowsOut ?? e.rowsIn;
          const detail = e.status === 'success' ? `${rows !== undefined ? `${count(rows)} rows, ` : ''}${seconds(e.ms)}` : e.status === 'failed' ? `ERROR in ${seconds(e.ms)}` : e.status;
          line(alignedLine(++ended, o.total, label, e.step, detail, (l) => paint(l as keyof typeof COLOURS)));
          return;
        }
        case 'run-end': {
          if (warnings.length > 0) line(`\n${paint('WARN', 'Warnings')}:\n${warnings.map((w) => `  ${w}`).join('\n')}`);
          if (errors.length > 0) line(`\n${paint('ERROR', 'Errors')}:\n${errors.map((w) => `  ${w}`).join('\n')}`);
          const parts = `OK=${tally.OK} WARN=${warnings.length} ERROR=${tally.ERROR} SKIP=${tally.SKIP}${tally.STOP ? ` STOP=${tally.STOP}` : ''} TOTAL=${o.total}`;
          line(`\nDone: ${e.status} in ${seconds(e.ms)}. ${parts}`);
          return;
        }
        case 'step-start':
        case 'log':
          return; // the concise log shows steps as they end; --verbose shows these
      }
    },
    close: clearLive,
  };
}
