// Steps that run side by side start longest chain first, by the seconds each step took the last time it succeeded.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { orderSteps, type Pipeline, type Step } from '../../runner/pipeline.js';
import type { RunEvent } from '../../runner/run-events.js';
import { runPipeline } from '../../runner/run-pipeline.js';
import { lastStepSeconds, stepPriorities } from '../../runner/step-priority.js';
import { tempWarehouse, type TempWarehouse } from '../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const step = (name: string, dependsOn: string[], ms = 0): Step =>
  ({ name, dependsOn, run: async () => { await new Promise((r) => setTimeout(r, ms)); return {}; } });
const pipeline = (steps: Step[]): Pipeline => ({ name: 'test', schedule: '* * * * *', timezone: 'UTC', steps });

describe('stepPriorities', () => {
  it('is a step\'s seconds plus the longest chain after it; a step never timed counts as the median of the timed ones', () => {
    // extract -> model -> report, extract -> side; fit (untimed) -> report. By hand: report 2; model 4 + 2 = 6;
    // side 1; fit: median of [1, 2, 3, 4] (the upper middle, 3) + 2 = 5; extract 3 + max(6, 1) = 9.
    const p = pipeline([step('extract', []), step('model', ['extract']), step('side', ['extract']), step('fit', []),
      step('report', ['model', 'fit'])]);
    const seconds = new Map([['extract', 3], ['model', 4], ['side', 1], ['report', 2]]);
    expect(Object.fromEntries(stepPriorities(orderSteps(p), seconds))).toEqual({ extract: 9, model: 6, side: 1, fit: 5, report: 2 });
    // With no timings at all every step counts 1 s: the longest chain of steps.
    expect(Object.fromEntries(stepPriorities(orderSteps(p), new Map()))).toEqual({ extract: 3, model: 2, side: 1, fit: 2, report: 1 });
  });
});

describe('runs with steps side by side', () => {
  it('start the step with the longest way to the end first, by the last successful run of the pipeline', async () => {
    const p = pipeline([step('quick', [], 20), step('slow', [], 400), step('middling', [], 200)]);
    const loaded = (concurrency: number) => parseConfig({
      warehouse: 'w.duckdb', sources: {}, pipelines: { test: { schedule: '* * * * *', concurrency } },
    }, `${t.dir}/rapport.config.ts`, {});
    const first = await runPipeline(p, { warehouse: t.warehouse, loaded: loaded(1) });
    expect(first.status).toBe('success');
    const seconds = await lastStepSeconds(t.warehouse, 'test');
    expect(seconds.get('slow')).toBeGreaterThan(seconds.get('middling')!);
    expect(seconds.get('middling')).toBeGreaterThan(seconds.get('quick')!);

    const starts: string[] = [];
    const onEvent = (e: RunEvent) => { if (e.type === 'step-start') starts.push(e.step); };
    const second = await runPipeline(p, { warehouse: t.warehouse, loaded: loaded(2), onEvent });
    expect(second.status).toBe('success');
    expect(starts).toEqual(['slow', 'middling', 'quick']); // one at a time it was quick, slow, middling
  });
});
