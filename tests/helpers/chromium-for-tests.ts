// Decides whether browser tests can run here: skips them with one printed line naming Debian's `chromium` package when
// the browser is missing, and fails instead under CI=true, as the PostgreSQL tests do.
import { existsSync } from 'node:fs';
import { it } from 'vitest';
import { chromiumPath } from '../../reports/chromium.js';

/** Where the browser tests look for Chromium and whether it is there. */
export interface ChromiumForTests {
  readonly path: string;
  readonly available: boolean;
}

/**
 * Looks for Chromium at `RAPPORT_CHROMIUM` (default /usr/bin/chromium). When it is missing, prints one line and, under
 * CI, registers a failing test so a missing browser is never a silent pass. Call it at the top of a test file and wrap
 * the browser tests (and their hooks) in `describe.skipIf(!chromium.available)`.
 * @example const chromium = chromiumForTests('KPI report browser tests');
 */
export function chromiumForTests(what: string, env: NodeJS.ProcessEnv = process.env): ChromiumForTests {
  const path = chromiumPath(env);
  const available = existsSync(path);
  if (!available) {
    const reason = `no Chromium at ${path} (apt-get install chromium, or set RAPPORT_CHROMIUM)`;
    console.warn(`*** ${what} SKIPPED: ${reason}`);
    if (env.CI) it('finds Chromium (required in CI)', () => { throw new Error(`${what} need Chromium: ${reason}`); });
  }
  return Object.freeze({ path, available });
}
