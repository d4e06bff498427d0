// Public boundary of chart rendering: Vega-Lite spec to SVG, SVG to PNG, and the empty-period panel.
export { preloadChartLibraries, renderChart } from './render-chart.js';
export type { RenderChartOptions, RenderedChart } from './render-chart.js';
export { svgToPng, svgToPngAsync } from './svg-to-png.js';
export type { SvgToPngOptions } from './svg-to-png.js';
export { noDataPanel } from './no-data-panel.js';
export type { NoDataPanelOptions } from './no-data-panel.js';
export { ChartRenderError } from './chart-render-error.js';
export type { ChartRenderStage, SpecIssue } from './chart-render-error.js';
export { ChartFontNotFoundError, CHART_FONT_PACKAGE, CHART_FONT_PATHS, findChartFontFiles } from './fonts.js';
export { CHART_FONT_FAMILY, chartSize, chartTheme, okabeItoPalette } from './chart-theme.js';
export { checkChartSpec } from './check-chart-spec.js';
export type { SpecCheck } from './check-chart-spec.js';
