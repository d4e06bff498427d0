// The pipelines Rapport knows, by name.
import type { LoadedConfig } from '../config/load-config.js';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { withDependsOn, type Pipeline, type PipelineFactory, type Step } from '../runner/pipeline.js';
import { dailyPipeline } from './daily.js';
import { dataTestsStep } from './data-tests-step.js';
import { freshnessStep } from './freshness-step.js';

const registry: Readonly<Record<string, (loaded: LoadedConfig) => Pipeline>> = Object.freeze({ daily: dailyPipeline });

export const pipelineNames = Object.keys(registry);

/** Builds the named pipeline for this config. @throws Error listing the known pipelines. */
export function pipelineByName(name: string, loaded: LoadedConfig): Pipeline {
  const build = registry[name];
  if (!build) throw new Error(`unknown pipeline "${name}": expected one of ${pipelineNames.join(', ')}`);
  return build(loaded);
}

/**
 * Builds the named pipeline: a built-in one, or the config's `pipelines.<name>.module` (a module whose default
 * export is a `PipelineFactory`). Adds the `data_tests` step when the config declares `dataTests`, and the `check:freshness` step when it declares `freshness`.
 * @throws Error listing the known pipelines, or naming the module that could not be loaded.
 */
export async function loadPipeline(name: string, loaded: LoadedConfig): Promise<Pipeline> {
  const settings = loaded.config.pipelines[name];
  let pipeline: Pipeline;
  if (settings?.module) {
    const file = loaded.resolve(settings.module);
    let factory: PipelineFactory;
    try {
      factory = ((await import(pathToFileURL(file).href)) as { default: PipelineFactory }).default;
    } catch (cause) {
      throw new Error(`pipelines.${name}.module: cannot load ${path.relative(process.cwd(), file)}: ${(cause as Error).message}`, { cause });
    }
    if (typeof factory !== 'function') throw new Error(`pipelines.${name}.module: ${file} has no default export building the pipeline`);
    const { steps } = await factory({ name, loaded });
    pipeline = Object.freeze({ name, schedule: settings.schedule, timezone: settings.timezone, steps });
  } else if (registry[name] || !settings) {
    pipeline = pipelineByName(name, loaded);
  } else {
    throw new Error(`pipelines.${name}: no built-in pipeline has this name (${pipelineNames.join(', ')}): set "module" to a file that builds it`);
  }
  if (loaded.config.dataTests.length > 0) pipeline = withDataTests(pipeline);
  // The report shows the run's stale sources, so it waits for the check (which runs as soon as the extracts end).
  if (settings?.freshness) pipeline = before(pipeline, freshnessStep(settings.freshness, pipeline.steps.map((s) => s.name)), /^report:/);
  return retentionLast(pipeline);
}

/** The `retention` step (when there is one) waits for every other step, those added here included, and comes last. */
function retentionLast(pipeline: Pipeline): Pipeline {
  const retention = pipeline.steps.find((s) => s.name === 'retention');
  if (!retention) return pipeline;
  const others = pipeline.steps.filter((s) => s !== retention);
  return Object.freeze({ ...pipeline, steps: [...others, withDependsOn(retention, others.map((s) => s.name))] });
}

/** Adds the `data_tests` step after the transforms; the exports wait for it, so data that fails a test is not sent out. */
function withDataTests(pipeline: Pipeline): Pipeline {
  return before(pipeline, dataTestsStep(pipeline.steps.map((s) => s.name)), /^export:/, /^(export|report):/);
}

/** Puts `added` before the first step matching `at` (default `waiting`), and makes the steps matching `waiting` depend on it. */
function before(pipeline: Pipeline, added: Step, waiting: RegExp, at: RegExp = waiting): Pipeline {
  const steps = pipeline.steps.map((s) => (waiting.test(s.name)
    ? withDependsOn(s, [...s.dependsOn, added.name])
    : s));
  const i = steps.findIndex((s) => at.test(s.name));
  return Object.freeze({ ...pipeline, steps: i < 0 ? [...steps, added] : [...steps.slice(0, i), added, ...steps.slice(i)] });
}

/** The pipelines the config lists (what `rapport schedule` runs), in config order. */
export function configuredPipelineNames(loaded: LoadedConfig): string[] {
  return Object.keys(loaded.config.pipelines);
}
