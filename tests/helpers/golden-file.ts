// Golden-file checks: compares text with tests/output/<name>; writes a missing golden locally, fails in CI.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const outputDir = path.resolve(import.meta.dirname, '..', 'output');

/**
 * Checks `actual` against `tests/output/<name>`. A missing golden is written (and the check passes) unless
 * `CI=true`, where it fails. A difference is written to `<name>-changed.<ext>` for review and fails the check.
 * @throws Error saying which file to look at.
 */
export async function expectGolden(name: string, actual: string): Promise<void> {
  const golden = path.join(outputDir, name);
  const ext = path.extname(name);
  const changed = path.join(outputDir, `${name.slice(0, name.length - ext.length)}-changed${ext}`);
  if (!existsSync(golden)) {
    if (process.env.CI === 'true') throw new Error(`golden file ${golden} is missing; run the test locally to write it, review it and commit it`);
    await mkdir(outputDir, { recursive: true });
    await writeFile(golden, actual);
    return;
  }
  if ((await readFile(golden, 'utf8')) === actual) {
    await rm(changed, { force: true });
    return;
  }
  await writeFile(changed, actual);
  throw new Error(`output differs from golden ${golden}; the new output is in ${changed} (diff them, and replace the golden if the change is right)`);
}
