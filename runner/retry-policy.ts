// How many times a step is tried and how long to wait in between: defaults, the step's own policy, config overrides.
import { parseDuration } from '../shared/duration.js';
import { backoffDelay as jitteredBackoff, sleep } from '../shared/retry.js';
import type { PipelineConfig } from '../config/schema.js';
import type { RetryConfig } from './runner-config.js';

/** Retry policy of a step. Only transient errors are retried (see `transient-error.ts`). */
export interface RetryPolicy {
  /** Total tries including the first; 1 means no retry. */
  readonly attempts: number;
  /** Wait before the first retry (jittered to its upper half); doubled after each failed retry. */
  readonly backoffMs: number;
  /** Upper bound of any wait. */
  readonly maxBackoffMs: number;
}

/** Three tries, 1 s then 2 s apart: enough to ride out a lock held by a short read or a network blip. */
export const defaultRetryPolicy: RetryPolicy = Object.freeze({ attempts: 3, backoffMs: 1000, maxBackoffMs: 30_000 });

/**
 * The policy for `step`: defaults, overridden by the step's own `retry`, then `pipelines.<p>.retry`, then
 * `pipelines.<p>.steps.<step>.retry` (the most specific setting wins, field by field).
 */
export function retryPolicyFor(step: string, own: Partial<RetryPolicy> | undefined, settings: PipelineConfig | undefined): RetryPolicy {
  return Object.freeze({
    ...defaultRetryPolicy,
    ...own,
    ...fromConfig(settings?.retry),
    ...fromConfig(settings?.steps?.[step]?.retry),
  });
}

function fromConfig(retry: RetryConfig | undefined): Partial<RetryPolicy> {
  if (!retry) return {};
  return {
    ...(retry.attempts !== undefined ? { attempts: retry.attempts } : {}),
    ...(retry.backoff !== undefined ? { backoffMs: parseDuration(retry.backoff)! } : {}),
    ...(retry.maxBackoff !== undefined ? { maxBackoffMs: parseDuration(retry.maxBackoff)! } : {}),
  };
}

/** Wait before try number `attempt + 1` (exponential, capped, jittered: see shared/retry.ts). */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  return jitteredBackoff({ baseMs: policy.backoffMs, maxMs: policy.maxBackoffMs }, attempt);
}

/** Sleeps `ms` unless `signal` aborts first; returns false when it was aborted. */
export const sleepUnlessAborted = (ms: number, signal: AbortSignal): Promise<boolean> => sleep(ms, signal);
