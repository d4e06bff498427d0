// The shape of a pipeline: named steps with dependencies, plus when it runs.
import type { LoadedConfig } from '../config/load-config.js';
import type { Warehouse } from '../warehouse/warehouse.js';

/** Parameters of one run, recorded with it. */
export interface RunParams {
  /** 'YYYY-MM-DD' the analytics are computed as of (exclusive); default: the day after the latest order. */
  readonly asOf?: string;
  /** Extract steps ignore cursors and file fingerprints and read everything again (`rapport extract --full-refresh`). */
  readonly fullRefresh?: boolean;
  /** Extract steps read from this ISO date instead of their cursor (`rapport extract --since`). */
  readonly since?: string;
}

/** What a step may use. The step's output goes to the warehouse or to files it names in its result. */
export interface StepContext {
  readonly warehouse: Warehouse;
  readonly loaded: LoadedConfig;
  readonly runId: string;
  readonly params: RunParams;
  readonly log: (message: string) => void;
  /** Results of the steps this one depends on, by name. */
  readonly upstream: Readonly<Record<string, StepResult>>;
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
}

export interface Step {
  readonly name: string;
  readonly dependsOn: readonly string[];
  run(ctx: StepContext): Promise<StepResult>;
}

export interface Pipeline {
  readonly name: string;
  /** node-cron expression. */
  readonly schedule: string;
  readonly timezone: string;
  readonly steps: readonly Step[];
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
