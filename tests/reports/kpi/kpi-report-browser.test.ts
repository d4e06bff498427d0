// Opens the written KPI report in real headless Chromium (Debian's chromium via playwright-core): every section
// shows, nothing is fetched, no console errors, the summary leads, no technical name outside the glossary, no table
// cut off on desktops, it fits a phone, and it prints to a PDF without half-empty pages.
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
import { pdfPageExtents } from '../../helpers/pdf-page-fill.js';
import { findTechnicalTerms } from '../../../reports/glossary.js';
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
  await writeKpiReport(t.warehouse, {
    asOf: AS_OF, period: 'week', outDir: path.join(t.dir, 'kpi'), runId: 'daily-test', generatedAt: '2026-03-02T06:00:00Z',
    commentary: 'Revenue was helped by the February sale.\n\nEmail sends were paused for a week.',
  });
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

  it('opens with the executive summary: the biggest moves in plain sentences, what needs attention and the analyst\'s note', async () => {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await tab.goto(page, { waitUntil: 'load' });
    const summary = tab.locator('section#summary');
    // First on the page after the header, and on the first screen.
    expect(await tab.locator('body > section, body > main').first().getAttribute('id')).toBe('summary');
    expect((await summary.boundingBox())!.y).toBeLessThan(900);
    const moves = await summary.locator('ul.moves li').allTextContents();
    expect(moves.length).toBeGreaterThanOrEqual(5);
    expect(moves.length).toBeLessThanOrEqual(7);
    for (const m of moves) expect(m).toMatch(/^.+: (rose|fell)( [\d.]+(%| points))? to .+, from .+( in .+)?(: good news\.|: needs attention\.|\.)$/);
    // The fixture's open rate went from 1 of 2 sends (the week before) to 3 of 3 (expectedEmailFunnel in
    // build-kpi-report.test.ts): a good move. (Its churn-rate move, 12.5% -> 7.1%, is smaller than the satisfaction
    // sections' moves since those joined the fixture, so it no longer makes the top seven.)
    expect(moves).toContain('Open rate: rose 50.0 points to 100.0%, from 50.0% in 2026-02-16 to 2026-02-22: good news.');
    // Group comparisons (detractors against promoters) are not moves over time and stay out.
    expect(moves.join('\n')).not.toMatch(/ in (promoters|answered within it)\b/);
    const attention = await summary.locator('ul.attention li').allTextContents();
    expect(attention[0]).toBe('Source fixture (social) is late: its newest record is from 2026-02-26, so its figures may be incomplete.');
    expect(attention.some((a) => a.includes('Use with care'))).toBe(true); // the fixture has no record of the CLV fit
    expect(await summary.locator('.commentary p').allTextContents()).toEqual(['Revenue was helped by the February sale.', 'Email sends were paused for a week.']);
    await tab.close();
  });

  it('names no table or model outside the glossary, which explains them', async () => {
    const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await tab.goto(page, { waitUntil: 'load' });
    // Everything a reader sees, SVG text of the charts included, with the glossary taken out.
    const outside = await tab.evaluate(() => {
      const body = document.body.cloneNode(true) as HTMLElement;
      body.querySelector('#glossary')?.remove();
      return [body.innerText, ...[...body.querySelectorAll('svg text, svg title')].map((e) => e.textContent ?? '')].join('\n');
    });
    expect(findTechnicalTerms(outside)).toEqual([]);
    expect(outside).not.toMatch(/\b[a-z]+_[a-z0-9_]+\b/); // no snake_case column names either
    const glossary = await tab.locator('#glossary').innerText();
    expect(findTechnicalTerms(glossary)).toEqual(expect.arrayContaining(['clv_predictions', 'churn_metrics', 'BG/NBD', 'P(alive)']));
    await tab.close();
  });

  for (const width of [1280, 1920]) {
    it(`cuts off no table at ${width} px: every column, the sorted one included, is in view without scrolling`, async () => {
      const tab = await browser.newPage({ viewport: { width, height: 1000 } });
      await tab.goto(page, { waitUntil: 'load' });
      const wraps = await tab.locator('.table-wrap').evaluateAll((els) => els.map((e) => ({ scroll: e.scrollWidth, client: e.clientWidth })));
      expect(wraps.length).toBeGreaterThanOrEqual(2); // the customers at risk and the data sources
      for (const w of wraps) expect(w.scroll).toBeLessThanOrEqual(w.client);
      expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const valueColumn = tab.locator('#customers-at-risk th', { hasText: 'Predicted 12-month value' });
      const box = (await valueColumn.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      await tab.close();
    });
  }

  it('fits a phone screen without sideways scrolling, one section per row', async () => {
    const tab = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await tab.goto(page, { waitUntil: 'load' });
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const lefts = await tab.locator('section.kpi').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().left)));
    expect(new Set(lefts).size).toBe(1);
    await tab.close();
  });

  it('prints the page to report.pdf with whole sections and no page less than a third full but the last', async () => {
    const pdf = await writeReportPdf(path.join(t.dir, 'kpi'));
    const bytes = await readFile(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = pdfPageExtents(bytes);
    expect(pages.length).toBeGreaterThan(2);
    const margin = (12 / 25.4) * 72; // @page margin 12mm, in points
    const fill = pages.map((p) => (p.bottom === null ? 0 : (p.bottom - margin) / (p.height - 2 * margin)));
    for (const [i, f] of fill.slice(0, -1).entries()) expect(f, `page ${i + 1} of ${pages.length}: ${fill.map((x) => x.toFixed(2)).join(' ')}`).toBeGreaterThan(1 / 3);
    // Whole sections: each section is one unbreakable block no taller than two thirds of a page, so a page only
    // ends early when the next section does not fit, and is then more than a third full.
    const tab = await browser.newPage({ viewport: { width: Math.round((186 / 25.4) * 96), height: 1000 } }); // A4 less the margins
    await tab.goto(page, { waitUntil: 'load' });
    await tab.emulateMedia({ media: 'print' });
    const heights = await tab.locator('section.kpi, section.summary').evaluateAll((els) => els.map((e) => [e.id, e.getBoundingClientRect().height, getComputedStyle(e).breakInside] as const));
    const pageHeight = (273 / 25.4) * 96;
    for (const [id, h, breakInside] of heights) {
      expect(breakInside, id).toBe('avoid');
      expect(h, id).toBeLessThan((2 / 3) * pageHeight);
    }
    await tab.close();
  });

  it('says how to install Chromium when it is missing, leaving no PDF behind', async () => {
    const missing = path.join(t.dir, 'no-chromium');
    await expect(writeReportPdf(path.join(t.dir, 'kpi'), missing)).rejects.toThrow(ChromiumNotFoundError);
    await expect(writeReportPdf(path.join(t.dir, 'kpi'), missing)).rejects.toThrow('apt-get install -y chromium');
    expect(existsSync(path.join(t.dir, 'kpi', 'report.pdf'))).toBe(false);
  });
});
