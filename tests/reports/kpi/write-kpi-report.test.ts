// Tests writeKpiReport's files: a self-contained index.html and, per chart, a valid spec, its SVG and a PNG.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { kpiSections, writeKpiReport } from '../../../reports/kpi/index.js';
import { checkChartSpec } from '../../../reports/render/index.js';
import { AS_OF, loadKpiFixture } from '../../helpers/kpi-fixture.js';
import { loadUpstreamFixture } from '../../helpers/kpi-upstream-fixture.js';
import { tempWarehouse, type TempWarehouse } from '../../helpers/temp-warehouse.js';

let t: TempWarehouse;
beforeEach(async () => { t = await tempWarehouse(); });
afterEach(async () => { await t.dispose(); });

const options = (outDir: string) => ({ asOf: AS_OF, period: 'week' as const, outDir, runId: 'daily-test', generatedAt: '2026-03-02T06:00:00Z' });
const PNG_SIGNATURE = '89504e470d0a1a0a';

describe('writeKpiReport', () => {
  it('writes every chart as a schema-valid .vl.json, an SVG and a PNG twice its size', async () => {
    await loadKpiFixture(t.warehouse);
    await loadUpstreamFixture(t.warehouse);
    const outDir = path.join(t.dir, 'kpi');
    const { files } = await writeKpiReport(t.warehouse, options(outDir));
    expect(path.basename(files[0]!)).toBe('index.html');
    const charted = kpiSections.filter((s) => s.id !== 'customers-at-risk').map((s) => s.id); // the at-risk section is a table
    expect((await readdir(outDir)).filter((f) => f.endsWith('.vl.json')).sort()).toEqual(charted.map((id) => `${id}.vl.json`).sort());
    for (const id of charted) {
      const spec = JSON.parse(await readFile(path.join(outDir, `${id}.vl.json`), 'utf8')) as TopLevelSpec;
      expect(checkChartSpec(spec).issues, id).toEqual([]);
      const svg = await readFile(path.join(outDir, `${id}.svg`), 'utf8');
      const size = new Resvg(svg);
      const png = await readFile(path.join(outDir, `${id}.png`));
      expect(png.subarray(0, 8).toString('hex'), id).toBe(PNG_SIGNATURE);
      expect([png.readUInt32BE(16), png.readUInt32BE(20)], id).toEqual([size.width * 2, size.height * 2]);
      expect(svg, id).toContain('<path'); // marks were drawn, not an empty frame
    }
    expect((await readdir(outDir)).some((f) => f.includes('.tmp-') || f.endsWith('.err'))).toBe(false);
  });

  it('writes a page that fetches nothing: inline CSS and SVG, no scripts or links, unique SVG ids', async () => {
    await loadKpiFixture(t.warehouse);
    await loadUpstreamFixture(t.warehouse);
    const outDir = path.join(t.dir, 'kpi');
    await writeKpiReport(t.warehouse, options(outDir));
    const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|src=|url\((?!#)/i);
    expect(html.replace(/xmlns(:\w+)?="[^"]*"/g, '')).not.toMatch(/https?:\/\//); // namespace names are not fetched
    for (const s of kpiSections) expect(html).toMatch(new RegExp(`<section class="kpi( wide)?" id="${s.id}">`));
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    // The heatmap legend's gradient (vega numbers them per process), scoped to its chart and referenced so.
    const gradient = /id="(cohort-retention-gradient_\d+)"/.exec(html)?.[1];
    expect(gradient).toBeDefined();
    expect(html).toContain(`url(#${gradient})`);
  });

  it('writes no-data panels as SVG and PNG without a spec when nothing is computed yet', async () => {
    const outDir = path.join(t.dir, 'kpi');
    const { files } = await writeKpiReport(t.warehouse, options(outDir));
    expect(files.filter((f) => f.endsWith('.vl.json'))).toEqual([]);
    const svg = await readFile(path.join(outDir, 'revenue-orders.svg'), 'utf8');
    expect(svg).toContain('class="no-data-panel"');
    // The panel speaks plain words; the missing table is named in the glossary's technical notes.
    expect(svg).toContain('Not computed yet: the daily pipeline has not worked out these figures.');
    expect(svg).not.toContain('order_values');
    const html = await readFile(path.join(outDir, 'index.html'), 'utf8');
    expect(html).toContain('analytics tables not built yet');
    const glossary = html.slice(html.indexOf('<section class="glossary"'));
    expect(glossary).toContain('<b>Revenue and orders</b>: Not computed yet: the order_values table does not exist');
  });
});
