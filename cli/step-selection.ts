// Step selection for `rapport run` in dbt's grammar: `--select rfm_segments+` (a step and what depends on it),
// `+report:kpi` (a step and what it depends on), `--exclude`, `--no-exports`, `--no-report`.
import { withDependsOn, type Pipeline, type Step } from '../runner/pipeline.js';
import { UsageError } from './command.js';

/** What to run: selectors (comma-separated in each string), and what to leave out. */
export interface StepSelection {
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly noExports?: boolean;
  readonly noReport?: boolean;
}

/** The steps one selector names: `name`, `name+` (and its dependents), `+name` (and its dependencies), `+name+`. */
function matchSelector(pipeline: Pipeline, selector: string): Set<string> {
  const upstream = selector.startsWith('+');
  const downstream = selector.endsWith('+');
  const name = selector.slice(upstream ? 1 : 0, downstream ? -1 : undefined);
  const byName = new Map(pipeline.steps.map((s) => [s.name, s]));
  if (!byName.has(name)) throw new UsageError(`no step "${name}" in pipeline ${pipeline.name}: expected one of ${[...byName.keys()].join(', ')}`);
  const out = new Set([name]);
  const walk = (next: (s: Step) => string[]) => {
    const queue = [name];
    while (queue.length > 0) for (const n of next(byName.get(queue.pop()!)!)) if (!out.has(n)) { out.add(n); queue.push(n); }
  };
  if (upstream) walk((s) => [...s.dependsOn]);
  if (downstream) walk((s) => pipeline.steps.filter((d) => d.dependsOn.includes(s.name)).map((d) => d.name));
  return out;
}

const split = (values: readonly string[] | undefined) => (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);

/**
 * The pipeline with only the selected steps. A kept step's dependencies on steps left out are dropped: they are
 * taken as already built (the warehouse holds their tables from an earlier run).
 * @throws UsageError naming an unknown step, or when nothing is left to run.
 */
export function selectSteps(pipeline: Pipeline, selection: StepSelection): Pipeline {
  const selectors = split(selection.select);
  const keep = selectors.length === 0 ? new Set(pipeline.steps.map((s) => s.name)) : new Set(selectors.flatMap((s) => [...matchSelector(pipeline, s)]));
  for (const selector of split(selection.exclude)) for (const name of matchSelector(pipeline, selector)) keep.delete(name);
  for (const s of pipeline.steps) {
    if (selection.noExports && s.name.startsWith('export:')) keep.delete(s.name);
    if (selection.noReport && s.name.startsWith('report:')) keep.delete(s.name);
  }
  if (keep.size === pipeline.steps.length) return pipeline;
  if (keep.size === 0) throw new UsageError(`the selection leaves no step of pipeline ${pipeline.name} to run`);
  // Copied onto the step's own prototype, so a step written as a class keeps its methods.
  const steps = pipeline.steps.filter((s) => keep.has(s.name))
    .map((s) => withDependsOn(s, s.dependsOn.filter((d) => keep.has(d))));
  return Object.freeze({ ...pipeline, steps });
}
