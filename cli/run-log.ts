// Renders run and scheduler events: live progress on a terminal, plain time-stamped lines in a log, or JSON lines.
import { describeEvent, describeProgress, type RunEvent } from '../runner/run-events.js';
import type { SchedulerEvent } from '../runner/scheduler.js';

export type LogEvent = RunEvent | SchedulerEvent;

export interface RunLogOptions {
  /** One JSON object per line (with a `time` field) instead of text. */
  readonly json?: boolean;
  /** Progress rewrites one status line in place (a terminal) instead of printing throttled lines. */
  readonly tty?: boolean;
  /** Prefix text lines with an ISO time stamp (the scheduler does, `rapport run` does not). */
  readonly timestamps?: boolean;
  /** Start each run line with `[pipeline]` (the scheduler interleaves pipelines). */
  readonly showPipeline?: boolean;
  /** Text before each line (e.g. two spaces). */
  readonly indent?: string;
  readonly write: (line: string) => void;
  /** Writes raw text to the terminal (for the live status line); needed when `tty`. */
  readonly writeRaw?: (text: string) => void;
  readonly now?: () => Date;
}

/** Progress on a non-terminal: one line per step at most this often, so log files stay readable. */
const PLAIN_PROGRESS_MS = 5000;
/** JSON progress events at most this often per step. */
const JSON_PROGRESS_MS = 1000;

/**
 * A sink for events. Call `close` at the end so a live status line is cleared.
 * @example const log = createRunLog({ tty: process.stderr.isTTY, write: io.err }); runPipeline(p, { ..., onEvent: log.event });
 */
export function createRunLog(o: RunLogOptions): { event: (e: LogEvent) => void; close: () => void } {
  const now = o.now ?? (() => new Date());
  const lastProgress = new Map<string, number>();
  let live = false;
  const clearLive = () => {
    if (live) o.writeRaw?.('\r\x1b[K');
    live = false;
  };
  const throttled = (e: Extract<LogEvent, { type: 'progress' }>, ms: number) => {
    const key = `${e.runId}/${e.step}`;
    const t = now().getTime();
    const done = e.total !== undefined && e.done >= e.total;
    if (!done && t - (lastProgress.get(key) ?? 0) < ms) return true;
    lastProgress.set(key, t);
    return false;
  };
  return {
    event(e) {
      if (o.json) {
        if (e.type === 'progress' && throttled(e, JSON_PROGRESS_MS)) return;
        o.write(JSON.stringify({ time: now().toISOString(), ...e }));
        return;
      }
      if (e.type === 'progress') {
        if (o.tty && o.writeRaw) {
          o.writeRaw(`\r\x1b[K${o.indent ?? ''}${describeProgress(e)}`);
          live = true;
          return;
        }
        if (throttled(e, PLAIN_PROGRESS_MS)) return;
      }
      clearLive();
      o.write(`${o.indent ?? ''}${o.timestamps ? `${now().toISOString()} ` : ''}${text(e, o.showPipeline ?? false)}`);
    },
    close: clearLive,
  };
}

function text(e: LogEvent, showPipeline: boolean): string {
  if (e.type === 'scheduler') return `${e.pipeline ? `[${e.pipeline}] ` : ''}${e.level === 'info' ? '' : `${e.level.toUpperCase()}: `}${e.message}`;
  return `${showPipeline ? `[${e.pipeline}] ` : ''}${describeEvent(e)}`;
}
