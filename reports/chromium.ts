// Finds and launches the system's headless Chromium (Debian's `chromium` package) through playwright-core.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Where Debian's `chromium` package installs the browser; `RAPPORT_CHROMIUM` overrides it. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Launch flags: headless, no sandbox (CI containers run as root), and no background network traffic. */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]);

/** Thrown when no Chromium executable exists at the path tried. */
export class ChromiumNotFoundError extends Error {
  override readonly name = 'ChromiumNotFoundError';

  constructor(readonly executablePath: string) {
    super(
      `Chromium not found at ${executablePath}, so report.pdf was not written (the HTML, SVG and PNG files were). ` +
        'Install it with `apt-get install -y chromium`, or set RAPPORT_CHROMIUM to the browser executable.',
    );
  }
}

/** The Chromium executable to use: `env.RAPPORT_CHROMIUM`, else {@link DEFAULT_CHROMIUM_PATH}. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.RAPPORT_CHROMIUM || DEFAULT_CHROMIUM_PATH;
}

/**
 * Launches headless Chromium from `executablePath` with {@link CHROMIUM_ARGS}. The caller closes the browser.
 * @throws {ChromiumNotFoundError} when the executable does not exist; playwright's launch error otherwise.
 * @example const browser = await launchChromium(); try { … } finally { await browser.close(); }
 */
export async function launchChromium(executablePath: string = chromiumPath()): Promise<Browser> {
  if (!existsSync(executablePath)) throw new ChromiumNotFoundError(executablePath);
  const { chromium } = await import('playwright-core'); // ~0.7 s to import: only the commands that launch it pay
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
}
