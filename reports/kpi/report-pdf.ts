// Prints the KPI report's index.html to report.pdf with headless Chromium, offline.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumPath, launchChromium } from '../chromium.js';
import { writeFileAtomically } from '../../shared/write-atomically.js';

export { ChromiumNotFoundError } from '../chromium.js';

/**
 * Opens `<outDir>/index.html` in headless Chromium with every non-file request blocked, and prints it to
 * `<outDir>/report.pdf` (A4, backgrounds on, the page's print CSS). Written under a temporary name and renamed.
 * @returns the absolute path of the PDF.
 * @throws {ChromiumNotFoundError} when Chromium is not installed (the message says how to install it).
 * @example await writeReportPdf('reports/out/kpi');
 */
export async function writeReportPdf(outDir: string, executablePath: string = chromiumPath()): Promise<string> {
  const browser = await launchChromium(executablePath);
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    await page.goto(pathToFileURL(path.resolve(outDir, 'index.html')).href, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    return await writeFileAtomically(path.resolve(outDir, 'report.pdf'), pdf);
  } finally {
    await browser.close();
  }
}
