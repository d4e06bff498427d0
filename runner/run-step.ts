// Runs one step with its retry policy, recording every attempt in `pipeline_step_attempts`.
import { errorContext, withContext, type ErrorContext } from '../shared/rapport-error.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { Step, StepContext, StepResult } from './pipeline.js';
import { backoffDelay, sleepUnlessAborted, type RetryPolicy } from './retry-policy.js';
import type { RunEvent, StepStatus } from './run-events.js';
import { isTransient } from './transient-error.js';

/** How one step of a run ended. */
export interface StepOutcome {
  readonly step: string;
  readonly status: StepStatus;
  readonly result?: StepResult;
  readonly error?: string;
  /** Where the error happened: the step (stage) and run id, plus the source, location and row the error named. */
  readonly errorContext?: ErrorContext;
  readonly ms: number;
  readonly attempts: number;
  /** True for steps a resume did not select: they count as done for their dependents. */
  readonly notSelected?: boolean;
}

/** Everything `runStep` needs besides the step. */
export interface StepRun {
  /** Where the attempts are recorded (the run's connection; the step works on `context.warehouse`). */
  readonly warehouse: Pick<Warehouse, 'run'>;
  readonly runId: string;
  readonly pipeline: string;
  readonly policy: RetryPolicy;
  readonly signal: AbortSignal;
  readonly emit: (event: RunEvent) => void;
  /** The context every attempt gets, apart from what changes per attempt. */
  readonly context: Omit<StepContext, 'attempt' | 'signal' | 'progress' | 'log'>;
}

/**
 * Tries `step` until it succeeds, fails with a permanent error, runs out of attempts, or the run is interrupted.
 * A transient error (`isTransient`) waits `backoffDelay` and tries again; the wait ends early on interruption.
 * An error thrown after the signal aborted counts as the step stopping on request: status `interrupted`.
 * Never throws for a failing step.
 */
export async function runStep(step: Step, r: StepRun): Promise<StepOutcome> {
  const started = performance.now();
  const base = { runId: r.runId, pipeline: r.pipeline, step: step.name };
  for (let attempt = 1; ; attempt++) {
    const attemptStarted = new Date();
    await r.warehouse.run(`UPDATE pipeline_steps SET attempts = $3 WHERE run_id = $1 AND step = $2`, [r.runId, step.name, attempt]);
    r.emit({ type: 'step-start', ...base, attempt });
    try {
      const result = await step.run({
        ...r.context,
        attempt,
        signal: r.signal,
        log: (message) => r.emit({ type: 'log', ...base, message }),
        progress: (done, total, unit = 'rows') =>
          r.emit({ type: 'progress', ...base, done, unit, elapsedMs: performance.now() - started, ...(total !== undefined ? { total } : {}) }),
      });
      await recordAttempt(r, step.name, attempt, attemptStarted, 'success', null, null);
      return { step: step.name, status: 'success', result, ms: performance.now() - started, attempts: attempt };
    } catch (thrown) {
      const error = withContext(thrown, { stage: step.name, runId: r.runId }); // the step boundary names the place
      const message = errorMessage(error);
      const interrupted = r.signal.aborted;
      const transient = !interrupted && isTransient(error);
      await recordAttempt(r, step.name, attempt, attemptStarted, interrupted ? 'interrupted' : 'failed', transient, message);
      const end = (status: StepStatus, text: string): StepOutcome => ({
        step: step.name, status, error: text, errorContext: errorContext(error), ms: performance.now() - started, attempts: attempt,
      });
      if (interrupted) return end('interrupted', `stopped by the interruption (${String(r.signal.reason)}), its work rolled back: ${message}`);
      if (!transient) return end('failed', message);
      if (attempt >= r.policy.attempts) return end('failed', `${message} (transient error; gave up after ${attempt} attempt${attempt > 1 ? 's' : ''})`);
      const delayMs = backoffDelay(r.policy, attempt);
      r.emit({ type: 'step-retry', ...base, attempt, delayMs, error: message });
      if (!(await sleepUnlessAborted(delayMs, r.signal)))
        return end('interrupted', `interrupted (${String(r.signal.reason)}) while waiting to retry after: ${message}`);
    }
  }
}

async function recordAttempt(
  r: StepRun, step: string, attempt: number, started: Date, status: StepStatus, transient: boolean | null, error: string | null,
): Promise<void> {
  await r.warehouse.run(`INSERT INTO pipeline_step_attempts VALUES ($1, $2, $3, $4, $5, $6, now(), $7)`, [
    r.runId, step, attempt, status, transient, started, error,
  ]);
}

/** The error's message, with its causes when they add something ("a: b: c"). */
export function errorMessage(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as { message?: unknown; cause?: unknown } | undefined, d = 0; e && d < 5; e = e.cause as typeof e, d++) {
    const m = typeof e.message === 'string' ? e.message : String(e);
    if (!parts.some((p) => p.includes(m))) parts.push(m);
  }
  return parts.join(': ') || String(error);
}
