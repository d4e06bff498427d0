// Opens the written KPI report in real headless Chromium (Debian's chromium via playwright-core): every section
// shows, nothing is fetched, no console errors, it fits a phone, and it prints to PDF.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium, ChromiumNotFoundError } from '../../../reports/chromium.js';
import { kpiSections, writeKpiReport, writeReportPdf } from '../../../reports/kpi/index.js';
import { AS_OF, loadKpiFixture } from '../../helpers/kpi-fixture.js';
import { loadUpstreamFixture } from '../../helpers/kpi-upstream-fixture.js';
import { chromiumForTests } from '../../helpers/chromium-for-tests.js';
import { tempWarehouse, type TempWarehouse } from '../../helpers/temp-warehouse.js';

const chromium = chromiumForTests('KPI report browser tests');
let t: TempWarehouse;
let browser: Browser;
let page: string;

describe.skipIf(!chromium.available)('KPI report in headless Chromium', () => {
beforeAll(async () => { browser = await launchChromium(chromium.path); });
afterAll(async () => { await browser?.close(); });
beforeEach(async () => {
  t = await tempWarehouse();
  await loadKpiFixture(t.warehouse);
  await loadUpstreamFixture(t.warehouse);
  await writeKpiReport(t.warehouse, { asOf: AS_OF, period: 'week', outDir: path.join(t.dir, 'kpi'), runId: 'daily-test', generatedAt: '2026-03-02T06:00:00Z' });
  page = pathToFileURL(path.join(t.dir, 'kpi', 'index.html')).href;
});
afterEach(async () => { await t.dispose(); });

  it('shows every section with its title and chart or table, with no console errors and no network requests', async () => {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    tab.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
    tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    tab.on('request', (r) => requests.push(r.url()));
    await tab.goto(page, { waitUntil: 'load' });
    for (const s of kpiSections) {
      const section = tab.locator(`section#${s.id}`);
      await expect.poll(() => section.isVisible(), { timeout: 5000 }).toBe(true);
      expect(await section.locator('h2').textContent()).toBe(s.title);
      expect(await section.locator('svg, table').count(), s.id).toBeGreaterThan(0);
      const box = await section.boundingBox();
      expect(box!.height, s.id).toBeGreaterThan(100);
    }
    expect(await tab.locator('header.report').textContent()).toContain('Week: 2026-02-23 to 2026-03-01');
    expect(problems).toEqual([]);
    expect(requests).toEqual([page]);
    const shot = path.join(t.dir, 'kpi-report.png');
    await tab.screenshot({ path: shot, fullPage: true });
    const png = await readFile(shot);
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(png.readUInt32BE(20)).toBeGreaterThan(2000); // eleven sections in two columns
    await tab.close();
  });

  it('fits a phone screen without sideways scrolling, one section per row', async () => {
    const tab = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await tab.goto(page, { waitUntil: 'load' });
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const lefts = await tab.locator('section.kpi').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().left)));
    expect(new Set(lefts).size).toBe(1);
    await tab.close();
  });

  it('prints the page to report.pdf', async () => {
    const pdf = await writeReportPdf(path.join(t.dir, 'kpi'));
    const bytes = await readFile(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect((bytes.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length).toBeGreaterThan(2);
  });

  it('says how to install Chromium when it is missing, leaving no PDF behind', async () => {
    const missing = path.join(t.dir, 'no-chromium');
    await expect(writeReportPdf(path.join(t.dir, 'kpi'), missing)).rejects.toThrow(ChromiumNotFoundError);
    await expect(writeReportPdf(path.join(t.dir, 'kpi'), missing)).rejects.toThrow('apt-get install -y chromium');
    expect(existsSync(path.join(t.dir, 'kpi', 'report.pdf'))).toBe(false);
  });
});
