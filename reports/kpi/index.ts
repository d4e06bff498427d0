// The KPI report for leadership: headline figures and charts, written as one self-contained HTML file plus the
// charts as SVG, PNG and Vega-Lite JSON.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Warehouse } from '../../warehouse/warehouse.js';
import type { ChartSection, ReportParams } from '../chart-section.js';
import { noDataPanel, renderChart, svgToPng } from '../render/index.js';
import { cohortHeatmap } from './charts/cohort-heatmap.js';
import { monthlyRevenue } from './charts/monthly-revenue.js';
import { segmentSizes } from './charts/segment-sizes.js';
import { kpiHtml, type RenderedSection } from './html.js';

/** The report's sections, in reading order. */
export const kpiSections: readonly ChartSection[] = [monthlyRevenue, segmentSizes, cohortHeatmap];

export interface KpiReportOptions extends ReportParams {
  readonly outDir: string;
  readonly runId: string;
  /** When the report was generated (ISO text); passed in so the report is reproducible in tests. */
  readonly generatedAt: string;
}

/**
 * Writes `index.html` and, per chart, `<id>.svg`, `<id>.png` and `<id>.vl.json` into `outDir`.
 * A section with no rows shows a "no data" panel instead of a chart (and gets no `.vl.json`).
 * @returns the files written, `index.html` first.
 * @throws ChartRenderError naming the chart when a spec does not render.
 */
export async function writeKpiReport(wh: Warehouse, options: KpiReportOptions): Promise<string[]> {
  await mkdir(options.outDir, { recursive: true });
  const written: string[] = [];
  const rendered: RenderedSection[] = [];
  for (const section of kpiSections) {
    const rows = await section.query(wh, options);
    let svg: string;
    if (rows.length === 0) {
      svg = noDataPanel(section.title, section.empty);
    } else {
      const spec = section.spec(rows);
      svg = (await renderChart(spec, { name: section.id })).svg;
      written.push(await put(options.outDir, `${section.id}.vl.json`, JSON.stringify(spec, null, 2)));
    }
    written.push(await put(options.outDir, `${section.id}.svg`, svg));
    written.push(await put(options.outDir, `${section.id}.png`, svgToPng(svg)));
    rendered.push({ id: section.id, title: section.title, definition: section.definition, svg });
  }
  const html = kpiHtml(
    {
      asOf: options.asOf,
      runId: options.runId,
      generatedAt: options.generatedAt,
      figures: await headlineFigures(wh, options.asOf),
      freshness: await freshness(wh),
    },
    rendered,
  );
  written.unshift(await put(options.outDir, 'index.html', html));
  return written;
}

async function put(dir: string, name: string, body: string | Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, body);
  return file;
}

async function headlineFigures(wh: Warehouse, asOf: string) {
  const [f] = await wh.all<{ customers: number; buyers: number; revenue: number; orders: number }>(
    `SELECT (SELECT count(*) FROM customer_360) AS customers,
            (SELECT count(*) FROM rfm_segments) AS buyers,
            (SELECT coalesce(sum(net_value), 0)::DOUBLE FROM order_values WHERE ordered_at >= $1::DATE - INTERVAL 30 DAY) AS revenue,
            (SELECT count(*) FROM order_values WHERE net_value > 0 AND ordered_at >= $1::DATE - INTERVAL 30 DAY) AS orders`,
    [asOf],
  );
  const n = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return [
    { label: 'Customers (all channels)', value: n(f?.customers ?? 0) },
    { label: 'Customers with orders', value: n(f?.buyers ?? 0) },
    { label: 'Net revenue, last 30 days', value: n(f?.revenue ?? 0) },
    { label: 'Orders, last 30 days', value: n(f?.orders ?? 0) },
  ];
}

async function freshness(wh: Warehouse) {
  return wh.all<{ source: string; newest: string | null }>(
    `SELECT 'email' AS source, strftime(max(occurred_at), '%Y-%m-%d %H:%M') AS newest FROM email_events
     UNION ALL SELECT 'social', strftime(max(occurred_at), '%Y-%m-%d %H:%M') FROM social_interactions
     UNION ALL SELECT 'orders', strftime(max(ordered_at), '%Y-%m-%d %H:%M') FROM order_lines`,
  );
}
