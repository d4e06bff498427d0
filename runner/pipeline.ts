// The shape of a pipeline: named steps with dependencies, plus when it runs.
import type { LoadedConfig } from '../config/load-config.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { RetryPolicy } from './retry-policy.js';

/** Parameters of one run, recorded with it. */
export interface RunParams {
  /** 'YYYY-MM-DD' the analytics are computed as of (exclusive); default: the day after the latest order. */
  readonly asOf?: string;
  /** Resume: run this step and everything downstream of it; the other steps are recorded as not re-run. */
  readonly fromStep?: string;
  /** Extract steps ignore cursors and file fingerprints and read everything again (`rapport extract --full-refresh`). */
  readonly fullRefresh?: boolean;
  /** Extract steps read from this ISO date instead of their cursor (`rapport extract --since`). */
  readonly since?: string;
  /** Model steps recompute from all loaded history instead of adding what is new (`rapport run --rebuild`; `fullRefresh` implies it). */
  readonly rebuild?: boolean;
}

/** What a step may use. The step's output goes to the warehouse or to files it names in its result. */
export interface StepContext {
  readonly warehouse: Warehouse;
  readonly loaded: LoadedConfig;
  readonly runId: string;
  readonly params: RunParams;
  readonly log: (message: string) => void;
  /** Results of the steps this one depends on, by name (empty for steps not re-run by a resume). */
  readonly upstream: Readonly<Record<string, StepResult>>;
  /**
   * Aborted when the run is interrupted (SIGINT/SIGTERM). A step may ignore it (it is then let finish) or stop
   * early by throwing after rolling back its open transaction; either way nothing is left half-written.
   */
  readonly signal: AbortSignal;
  /** 1 for the first try, 2 for the first retry, ... */
  readonly attempt: number;
  /** Reports progress of a long step: shown live on a terminal, as log lines otherwise. */
  progress(done: number, total?: number, unit?: string): void;
}

/** A finding that does not fail the step (e.g. a stale source); recorded in `pipeline_warnings`. */
export interface StepWarning {
  /** Machine-readable kind, e.g. `stale-source`. */
  readonly kind: string;
  /** What it is about, e.g. the source name. */
  readonly subject?: string;
  readonly message: string;
}

/** Row counts and outputs of a step; every field is optional because not every step reads or writes rows. */
export interface StepResult {
  readonly rowsIn?: number;
  readonly rowsOut?: number;
  readonly rowsQuarantined?: number;
  readonly rowsDuplicate?: number;
  /** Files the step wrote. */
  readonly outputs?: readonly string[];
  /** Free-form facts for the run summary (e.g. the as-of date used). */
  readonly facts?: Readonly<Record<string, string | number>>;
  readonly warnings?: readonly StepWarning[];
}

export interface Step {
  readonly name: string;
  readonly dependsOn: readonly string[];
  /** How this step retries transient errors; config (`pipelines.<p>.retry`, `.steps.<step>.retry`) overrides it. */
  readonly retry?: Partial<RetryPolicy>;
  run(ctx: StepContext): Promise<StepResult>;
}

export interface Pipeline {
  readonly name: string;
  /** node-cron expression. */
  readonly schedule: string;
  readonly timezone: string;
  readonly steps: readonly Step[];
}

/**
 * `step` with other dependencies: the same fields and prototype (a step may be an object with methods), frozen.
 * @example withDependsOn(exportStep, [...exportStep.dependsOn, 'data_tests']);
 */
export function withDependsOn(step: Step, dependsOn: readonly string[]): Step {
  return Object.freeze(Object.assign(Object.create(Object.getPrototypeOf(step) as object) as Step, step, { dependsOn }));
}

/** The step `from` and every step that depends on it, directly or not. @throws Error naming an unknown step. */
export function downstreamOf(pipeline: Pipeline, from: string): Set<string> {
  if (!pipeline.steps.some((s) => s.name === from))
    throw new Error(`pipeline ${pipeline.name} has no step "${from}": expected one of ${pipeline.steps.map((s) => s.name).join(', ')}`);
  const selected = new Set([from]);
  for (const step of orderSteps(pipeline)) if (step.dependsOn.some((d) => selected.has(d))) selected.add(step.name);
  return selected;
}

/** Orders steps so each comes after its dependencies. @throws Error naming an unknown dependency or a cycle. */
export function orderSteps(pipeline: Pipeline): Step[] {
  const byName = new Map(pipeline.steps.map((s) => [s.name, s]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const ordered: Step[] = [];
  const visit = (step: Step, trail: string[]) => {
    if (done.has(step.name)) return;
    if (visiting.has(step.name)) throw new Error(`pipeline ${pipeline.name}: dependency cycle ${[...trail, step.name].join(' -> ')}`);
    visiting.add(step.name);
    for (const dep of step.dependsOn) {
      const target = byName.get(dep);
      if (!target) throw new Error(`pipeline ${pipeline.name}: step ${step.name} depends on unknown step ${dep}`);
      visit(target, [...trail, step.name]);
    }
    visiting.delete(step.name);
    done.add(step.name);
    ordered.push(step);
  };
  for (const step of pipeline.steps) visit(step, []);
  return ordered;
}

/**
 * The default export of a custom pipeline module (`pipelines.<name>.module` in the config): builds the steps;
 * the name, schedule and time zone come from the config.
 * @example export default (({ loaded }) => ({ steps: [myStep] })) satisfies PipelineFactory;
 */
export type PipelineFactory = (args: { readonly name: string; readonly loaded: LoadedConfig }) =>
  Pick<Pipeline, 'steps'> | Promise<Pick<Pipeline, 'steps'>>;
