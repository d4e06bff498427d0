// The browser test files on a machine without Chromium: skipped with one line naming the package, failing under CI.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const browserFiles = ['tests/reports/kpi/kpi-report-browser.test.ts', 'tests/web/browser.test.ts'];

/** Runs vitest on the browser test files in a child process, as `npm test` would, with Chromium looked up at a missing path. */
async function vitestWithoutChromium(extraEnv: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  // The child must not believe it is a worker of this run, nor inherit this machine's CI setting.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|TEST$|CI$|NODE_ENV$)/.test(k)));
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...browserFiles], {
      cwd: root, env: { ...env, RAPPORT_CHROMIUM: path.join(root, 'no-such-dir', 'chromium'), NO_COLOR: '1', ...extraEnv },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe('browser tests without Chromium', () => {
  it('skip with one printed line per file naming the chromium package, and pass', async () => {
    const { code, output } = await vitestWithoutChromium({});
    expect(code, output).toBe(0);
    const lines = output.split('\n').filter((l) => l.includes('SKIPPED'));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toContain('apt-get install chromium');
    expect(output).toMatch(/Test Files\s+2 skipped \(2\)/);
  }, 120_000);

  it('fail under CI=true, naming the missing browser', async () => {
    const { code, output } = await vitestWithoutChromium({ CI: 'true' });
    expect(code, output).toBe(1);
    expect(output).toContain('finds Chromium (required in CI)');
    expect(output).toMatch(/Tests\s+2 failed/);
  }, 120_000);
});
