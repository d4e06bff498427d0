// Turns the built KPI report into its files: the HTML page and, per chart, SVG, PNG and Vega-Lite JSON.
import { noDataPanel, renderChart, svgToPngAsync } from '../render/index.js';
import type { KpiReport } from './build-kpi-report.js';
import { kpiHtml, type PageSection } from './html.js';
import { scopeSvgIds } from './svg-ids.js';

/** One output file: its name inside the report folder and its bytes. */
export interface ReportFile {
  readonly name: string;
  readonly body: string | Uint8Array;
}

/** PNGs are drawn at twice the SVG size, sharp enough for slides and print. */
const PNG_SCALE = 2;
const NOT_COMPUTED_HEIGHT = 140;
/** What the page says in place of a section's missing table (the table and what builds it are in the glossary's notes). */
export const NOT_COMPUTED_TEXT = 'Not computed yet: the daily pipeline has not worked out these figures. The technical notes at the end say what is missing.';

/**
 * Renders every chart (or its no-data panel) and the page. `index.html` comes first; a section with a chart
 * adds `<id>.svg`, `<id>.png` and `<id>.vl.json`; an empty panel adds only `.svg` and `.png`.
 * @throws ChartRenderError naming the chart when a spec does not validate or render. Writes nothing.
 */
export async function renderKpiReport(report: KpiReport): Promise<ReportFile[]> {
  // PNGs rasterise on worker threads while the next chart renders here; each keeps its place in the list.
  const files: (ReportFile | Promise<ReportFile>)[] = [];
  const page: PageSection[] = [];
  for (const s of report.sections) {
    const chart = s.view.chart;
    let svg: string | null = null;
    if (chart?.kind === 'chart') {
      svg = (await renderChart(chart.spec, { name: s.id })).svg;
      files.push({ name: `${s.id}.vl.json`, body: JSON.stringify(chart.spec, null, 2) + '\n' });
    } else if (chart?.kind === 'empty') {
      // A section waiting for its table gets a short panel: there is nothing to look at, only a note to read.
      svg = chart.reason === 'not-computed' ? noDataPanel(s.title, NOT_COMPUTED_TEXT, { height: NOT_COMPUTED_HEIGHT }) : noDataPanel(s.title, chart.message);
    }
    if (svg !== null) {
      const name = `${s.id}.png`;
      const png = svgToPngAsync(svg, { scale: PNG_SCALE }).then((body) => ({ name, body }));
      png.catch(() => undefined); // awaited below; should a later chart throw first, this one's failure is not left unhandled
      files.push({ name: `${s.id}.svg`, body: svg }, png);
    }
    page.push({
      id: s.id, title: s.title, definition: s.definition, figures: s.view.figures, svg: svg && scopeSvgIds(svg, s.id), table: s.view.table,
      reliability: s.view.reliability,
    });
  }
  return [{ name: 'index.html', body: kpiHtml(report, page) }, ...await Promise.all(files)];
}
