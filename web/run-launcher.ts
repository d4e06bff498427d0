// Starts pipeline runs from the web app as `rapport run <pipeline> --json` child processes and follows their events.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

const ended = new Map<string, LaunchedRun['status']>();
const rapportBin = path.resolve(import.meta.dirname, '../bin/rapport.js');

/** A run started from the browser, as seen from its JSON event lines (the warehouse is busy while it goes). */
export interface LaunchedRun {
  readonly id: string;
  readonly pipeline: string;
  readonly startedAt: Date;
  runId: string | null;
  status: 'running' | 'success' | 'failed' | 'interrupted';
  exitCode: number | null;
  readonly steps: { step: string; status: string; ms?: number; rowsOut?: number; error?: string }[];
  readonly stderr: string[];
}

/**
 * Launches and tracks runs. A child process is used (not an in-process run) so a crash or a long step never takes
 * the web server down, and the run holds the warehouse exactly as `rapport run` does; progress comes from its
 * `--json` events because the warehouse cannot be read while the run writes it.
 */
export class RunLauncher {
  readonly #runs = new Map<string, LaunchedRun>();
  constructor(readonly configFile: string, readonly env: NodeJS.ProcessEnv = process.env) {}

  /** The running launch, if any: one at a time, since runs take the one writer slot anyway. */
  running(): LaunchedRun | undefined {
    return [...this.#runs.values()].find((r) => r.status === 'running');
  }

  get(id: string): LaunchedRun | undefined {
    return this.#runs.get(id);
  }

  start(pipeline: string): LaunchedRun {
    const run: LaunchedRun = { id: randomBytes(8).toString('hex'), pipeline, startedAt: new Date(), runId: null, status: 'running', exitCode: null, steps: [], stderr: [] };
    this.#runs.set(run.id, run);
    const child = spawn(process.execPath, [rapportBin, 'run', pipeline, '--json', '--config', this.configFile], {
      cwd: path.dirname(this.configFile), env: this.env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let rest = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) this.#onEvent(run, line);
    });
    child.stderr.on('data', (chunk: Buffer) => run.stderr.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    child.on('exit', (code) => {
      run.exitCode = code;
      // Only now is the warehouse free again, so the run counts as finished only once the process has exited.
      run.status = ended.get(run.id) ?? (code === 0 ? 'success' : code === 130 ? 'interrupted' : 'failed');
    });
    return run;
  }

  #onEvent(run: LaunchedRun, line: string): void {
    let e: { type?: string; runId?: string; step?: string; status?: string; ms?: number; rowsOut?: number; error?: string };
    try {
      e = JSON.parse(line) as typeof e;
    } catch {
      return; // a plain line (summary text): not an event
    }
    if (e.runId) run.runId = e.runId;
    if (e.type === 'step-start' && e.step) run.steps.push({ step: e.step, status: 'running' });
    if (e.type === 'step-end' && e.step) {
      const s = run.steps.find((x) => x.step === e.step) ?? (run.steps.push({ step: e.step, status: '' }), run.steps.at(-1)!);
      Object.assign(s, { status: e.status ?? '', ...(e.ms !== undefined ? { ms: e.ms } : {}), ...(e.rowsOut !== undefined ? { rowsOut: e.rowsOut } : {}), ...(e.error ? { error: e.error } : {}) });
    }
    if (e.type === 'run-end' && e.status) ended.set(run.id, e.status === 'success' ? 'success' : e.status === 'interrupted' ? 'interrupted' : 'failed');
  }
}
