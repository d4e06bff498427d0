// The concise `rapport run` log: one aligned line per step as it ends, warnings and errors at the end, a summary line.
import { describe, expect, it } from 'vitest';
import { createStepLog } from '../../cli/step-log.js';
import type { RunEvent } from '../../runner/run-events.js';
import { testProject } from '../helpers/scheduler-config.js';
import { runCli } from '../helpers/cli-run.js';

const base = { runId: 'daily-1', pipeline: 'daily' } as const;
const events: RunEvent[] = [
  { ...base, type: 'run-start', trigger: 'manual', asOf: '2026-11-01' },
  { ...base, type: 'step-start', step: 'extract:orders', attempt: 1 },
  { ...base, type: 'log', step: 'extract:orders', message: 'committed orders.csv' },
  { ...base, type: 'step-end', step: 'extract:orders', status: 'success', ms: 2500, attempts: 1, rowsIn: 5273, rowsOut: 5216 },
  { ...base, type: 'warning', step: 'extract:orders', kind: 'stale-source', message: 'orders: newest row is 3 days old' },
  { ...base, type: 'step-end', step: 'rfm_segments', status: 'failed', ms: 100, attempts: 1, error: 'boom' },
  { ...base, type: 'step-end', step: 'report:kpi', status: 'skipped', ms: 0, attempts: 0, error: 'skipped because rfm_segments did not succeed' },
  { ...base, type: 'run-end', status: 'failed', ms: 2700, error: 'failed steps: rfm_segments' },
];

function render(tty: boolean): string[] {
  const lines: string[] = [];
  const log = createStepLog({ total: 3, tty, write: (l) => lines.push(...l.split('\n')), writeRaw: () => {} });
  for (const e of events) log.event(e);
  log.close();
  return lines;
}

describe('the concise run log', () => {
  it('prints one dotted line per step, then warnings, errors and the counts', () => {
    // "1 of 3 OK extract:orders " is 25 characters; lines are dotted out to 64 before the bracket.
    expect(render(false)).toEqual([
      'Running daily (run daily-1, manual, as of 2026-11-01): 3 steps',
      `  1 of 3 OK extract:orders ${'.'.repeat(39)} [5,216 rows, 2.5 s]`,
      `  2 of 3 ERROR rfm_segments ${'.'.repeat(38)} [ERROR in 0.1 s]`,
      `  3 of 3 SKIP report:kpi ${'.'.repeat(41)} [skipped]`,
      '', 'Warnings:', '  extract:orders: orders: newest row is 3 days old',
      '', 'Errors:', '  rfm_segments: boom',
      '', 'Done: failed in 2.7 s. OK=1 WARN=1 ERROR=1 SKIP=1 TOTAL=3',
    ]);
  });

  it('colours the status on a terminal', () => {
    const lines = render(true);
    expect(lines[1]).toContain('1 of 3 \x1b[32mOK\x1b[0m extract:orders');
    expect(lines[2]).toContain('2 of 3 \x1b[31mERROR\x1b[0m rfm_segments');
  });

  it('is what rapport run prints on stderr, with the summary still on stdout', async () => {
    const project = await testProject({ flaky: {} });
    try {
      const r = await runCli(['run', 'flaky', '--as-of', '2026-01-05', '--config', project.config], project.dir);
      expect(r.code, r.err).toBe(0);
      const err = r.err.split('\n');
      expect(err[0]).toMatch(/^Running flaky \(run flaky-\S+, manual, as of 2026-01-05\): \d+ steps$/);
      expect(err.filter((l) => /^ +\d+ of \d+ OK \S+ \.{3,} \[.*\d\.\d s\]$/.test(l)).length).toBeGreaterThan(0);
      expect(err.at(-1)).toMatch(/^Done: success in \d+\.\d s\. OK=(\d+) WARN=0 ERROR=0 SKIP=0 TOTAL=\1$/);
      expect(r.out).toMatch(/^run flaky-\S+: success$/m);
    } finally {
      await project.dispose();
    }
  });
});
