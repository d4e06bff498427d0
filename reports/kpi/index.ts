// The KPI report for leadership: built from the warehouse, written as one self-contained HTML page plus the
// charts as SVG, PNG and Vega-Lite JSON.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Warehouse } from '../../warehouse/warehouse.js';
import { writeFileAtomically } from '../../shared/write-atomically.js';
import { buildKpiReport, type KpiReport, type KpiReportParams } from './build-kpi-report.js';
import { renderKpiReport } from './render-kpi-report.js';
import { preloadChartLibraries } from '../render/index.js';

export { buildKpiReport } from './build-kpi-report.js';
export type { BuiltSection, KpiHeader, KpiReport, KpiReportParams } from './build-kpi-report.js';
export { kpiSections } from './kpi-sections.js';
export { renderKpiReport } from './render-kpi-report.js';
export { writeReportPdf, ChromiumNotFoundError } from './report-pdf.js';

/** Options of {@link writeKpiReport}. */
export interface KpiReportOptions extends KpiReportParams {
  readonly outDir: string;
}

/**
 * Builds the report and writes `index.html` and the chart files into `outDir` (created if needed). Every
 * file is written under a temporary name and renamed, so a reader never sees half a file; charts are
 * rendered before anything is written, so a failing chart leaves the previous report in place.
 * @returns the absolute paths written, `index.html` first, and the report as data.
 * @throws Error naming the section or chart that failed.
 * @example await writeKpiReport(wh, { asOf: '2026-11-02', period: 'week', outDir: 'reports/out/kpi', generatedAt: new Date().toISOString() });
 */
export async function writeKpiReport(wh: Warehouse, options: KpiReportOptions): Promise<{ files: string[]; report: KpiReport }> {
  preloadChartLibraries(); // imported while the queries run
  const report = await buildKpiReport(wh, options);
  const rendered = await renderKpiReport(report);
  await mkdir(options.outDir, { recursive: true });
  const files: string[] = [];
  // index.html last, so the page only appears once the charts it sits beside are in place.
  for (const file of [...rendered.slice(1), rendered[0]!]) files.push(await writeFileAtomically(path.resolve(options.outDir, file.name), file.body));
  return { files: [files.at(-1)!, ...files.slice(0, -1)], report };
}
