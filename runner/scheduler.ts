// The long-running scheduler: runs each pipeline on its cron schedule, one run at a time, and stops cleanly on a signal.
import cron, { type ScheduledTask } from 'node-cron';
import type { LoadedConfig } from '../config/load-config.js';
import { RunLockHeldError } from '../warehouse/run-lock.js';
import { openWarehouse, type Warehouse } from '../warehouse/warehouse.js';
import { executeRun } from './execute-run.js';
import { findMissedSlot, hasSecondsField } from './missed-run.js';
import type { Pipeline } from './pipeline.js';
import type { RunEvent, RunTrigger } from './run-events.js';
import { lastStartedAt, recordSkippedRun } from './run-history.js';
import { newRunId } from './run-pipeline.js';
import { errorMessage } from './run-step.js';

/** A message of the scheduler itself (run events are passed through as they are). */
export interface SchedulerEvent {
  readonly type: 'scheduler';
  readonly level: 'info' | 'warn' | 'error';
  readonly pipeline?: string;
  readonly message: string;
}

export interface SchedulerOptions {
  readonly loaded: LoadedConfig;
  readonly pipelines: readonly Pipeline[];
  readonly onEvent: (event: SchedulerEvent | RunEvent) => void;
  /** How long a run waits for a warehouse other commands hold; default 10 minutes. */
  readonly waitMs?: number;
}

interface Skip {
  readonly runId: string;
  readonly pipeline: string;
  readonly trigger: RunTrigger;
  readonly at: Date;
  readonly reason: string;
}

/**
 * Schedules every pipeline with node-cron in its own time zone. Runs are serialised in this process (DuckDB has
 * one writer, and the warehouse is opened only for the length of a run); a trigger that finds its pipeline still
 * running or queued, here or in another process (the run lock), is skipped, logged, and recorded as a `skipped`
 * run the next time this process holds the warehouse. node-cron's own `noOverlap` is not used because it only
 * sees its own ticks, not queued or catch-up runs.
 */
export class Scheduler {
  readonly #o: SchedulerOptions;
  readonly #tasks = new Map<string, ScheduledTask>();
  readonly #busy = new Map<string, string>(); // pipeline -> 'queued' | run id
  readonly #abort = new AbortController();
  readonly #skips: Skip[] = [];
  #chain: Promise<void> = Promise.resolve();
  #stopping = false;

  constructor(options: SchedulerOptions) {
    this.#o = options;
  }

  /** Starts every schedule, then checks each pipeline for a run missed while no scheduler was up (`catchUp`). */
  async start(): Promise<void> {
    for (const p of this.#o.pipelines) {
      const task = cron.createTask(p.schedule, () => this.trigger(p, 'schedule'), {
        name: p.name,
        timezone: p.timezone,
        logger: this.#cronLogger(p.name),
      });
      this.#tasks.set(p.name, task);
      await task.start();
      this.#say('info', `scheduled "${p.schedule}" (${p.timezone}); next run ${task.getNextRun()?.toISOString() ?? 'never'}`, p.name);
    }
    await this.#catchUp();
  }

  /**
   * Queues a run of `pipeline` unless it is already running or queued (then the trigger is skipped and logged).
   * Resolves when the run (or the skip) is over; never rejects.
   */
  async trigger(pipeline: Pipeline, trigger: RunTrigger): Promise<void> {
    const at = new Date();
    const current = this.#busy.get(pipeline.name);
    if (this.#stopping) return this.#skip({ pipeline: pipeline.name, trigger, at, reason: 'the scheduler is shutting down' });
    if (current) {
      const what = current === 'queued' ? 'the previous trigger is still queued' : `the previous run ${current} is still going`;
      return this.#skip({ pipeline: pipeline.name, trigger, at, reason: what });
    }
    this.#busy.set(pipeline.name, 'queued');
    const turn = this.#chain.then(() => this.#run(pipeline, trigger, at));
    this.#chain = turn;
    try {
      await turn;
    } finally {
      this.#busy.delete(pipeline.name);
    }
  }

  /**
   * Stops taking runs, interrupts the running one (its current step finishes or rolls back; the run is
   * recorded as interrupted) and waits for it. Queued runs are skipped.
   */
  async stop(reason: string): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#say('info', `${reason}: no new runs; waiting for the running step to finish`);
    for (const task of this.#tasks.values()) await task.destroy();
    this.#abort.abort(reason);
    await this.#chain;
    if (this.#skips.length > 0) {
      try {
        const wh = await openWarehouse(this.#o.loaded.warehouse, { waitMs: 2000, onWait: () => {} });
        try {
          await this.#flushSkips(wh);
        } finally {
          wh.close();
        }
      } catch (error) {
        this.#say('warn', `${this.#skips.length} skipped trigger(s) are only in this log: ${errorMessage(error)}`);
      }
    }
    this.#say('info', 'stopped');
  }

  async #run(pipeline: Pipeline, trigger: RunTrigger, at: Date): Promise<void> {
    if (this.#stopping) return this.#skip({ pipeline: pipeline.name, trigger, at, reason: 'the scheduler is shutting down' });
    try {
      await executeRun(pipeline, {
        loaded: this.#o.loaded,
        trigger,
        signal: this.#abort.signal,
        waitMs: this.#o.waitMs ?? 600_000,
        onWait: (m) => this.#say('warn', m, pipeline.name),
        beforeRun: (wh) => this.#flushSkips(wh),
        onEvent: (e) => {
          if (e.type === 'run-start') this.#busy.set(pipeline.name, e.runId);
          this.#o.onEvent(e);
        },
      });
    } catch (error) {
      if (error instanceof RunLockHeldError) return this.#skip({ pipeline: pipeline.name, trigger, at, reason: error.message });
      if (this.#stopping) return this.#skip({ pipeline: pipeline.name, trigger, at, reason: `shut down while waiting: ${errorMessage(error)}` });
      this.#say('error', `${trigger} run could not start: ${errorMessage(error)}`, pipeline.name);
    }
  }

  #skip(s: Omit<Skip, 'runId'>): void {
    const skip = { ...s, runId: newRunId(s.pipeline) };
    this.#skips.push(skip);
    this.#say('warn', `${s.trigger} trigger skipped: ${s.reason}`, s.pipeline);
  }

  async #flushSkips(wh: Warehouse): Promise<void> {
    for (const skip of this.#skips.splice(0)) await recordSkippedRun(wh, skip);
  }

  async #catchUp(): Promise<void> {
    const wanted = this.#o.pipelines.filter((p) => this.#o.loaded.config.pipelines[p.name]?.catchUp);
    if (wanted.length === 0) return;
    const last = new Map<string, Date | undefined>();
    // In the run queue, like a run: a tick that comes meanwhile waits its turn instead of opening the file beside it.
    const read = this.#chain.then(async () => {
      const wh = await openWarehouse(this.#o.loaded.warehouse, { waitMs: this.#o.waitMs ?? 600_000, onWait: (m) => this.#say('warn', m) });
      try {
        for (const p of wanted) last.set(p.name, await lastStartedAt(wh, p.name));
      } finally {
        wh.close();
      }
    });
    this.#chain = read.catch(() => {});
    try {
      await read;
    } catch (error) {
      return this.#say('error', `cannot read the run history to catch up missed runs: ${errorMessage(error)}`);
    }
    const now = new Date();
    for (const p of wanted) {
      const task = this.#tasks.get(p.name)!;
      const found = findMissedSlot((d) => task.match(d), hasSecondsField(p.schedule), last.get(p.name), now);
      if (!found.missed) continue;
      const when = found.slot ? `the run due at ${found.slot.toISOString()}` : `runs since ${last.get(p.name)!.toISOString()}`;
      if (this.#o.loaded.config.pipelines[p.name]?.catchUp === 'once') {
        this.#say('info', `missed ${when} while no scheduler was running: catching up once now`, p.name);
        void this.trigger(p, 'catch-up');
      } else {
        this.#say('info', `missed ${when} while no scheduler was running; not caught up (catchUp: skip)`, p.name);
      }
    }
  }

  #say(level: SchedulerEvent['level'], message: string, pipeline?: string): void {
    this.#o.onEvent({ type: 'scheduler', level, message, ...(pipeline ? { pipeline } : {}) });
  }

  #cronLogger(pipeline: string) {
    const say = (level: SchedulerEvent['level']) => (m: string | Error) => this.#say(level, `node-cron: ${m instanceof Error ? m.message : m}`, pipeline);
    return { info: () => {}, debug: () => {}, warn: say('warn'), error: say('error') };
  }
}
