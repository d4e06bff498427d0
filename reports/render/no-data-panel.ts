// Draws the "no data" panel a report shows in place of a chart when a period has no rows.
import { CHART_FONT_FAMILY, chartSize, chartTitleStyle } from './chart-theme.js';

/** Options for {@link noDataPanel}. */
export interface NoDataPanelOptions {
  /** Outer width in pixels; pass the chart's `width` option when it has one. Default `chartSize.width`. */
  readonly width?: number;
  /** Outer height in pixels. Default `chartSize.height`. */
  readonly height?: number;
}

// Same padding and title offset as the theme, so the title sits where a chart's title would.
const PADDING = 8;
const TITLE_OFFSET = 12;

/**
 * Returns an SVG the size of a chart, with the chart's title and a centred message, to stand in for a chart
 * whose period is empty. It uses the chart font, so `svgToPng` renders it like any chart.
 *
 * @example
 * const svg = rows.length > 0 ? (await renderChart(spec)).svg : noDataPanel('Weekly orders', 'No orders in this period');
 */
export function noDataPanel(title: string, message: string, options: NoDataPanelOptions = {}): string {
  const width = options.width ?? chartSize.width;
  const height = options.height ?? chartSize.height;
  const font = `${CHART_FONT_FAMILY}, Verdana, sans-serif`;
  const titleBaseline = PADDING + chartTitleStyle.fontSize;
  const frameTop = titleBaseline + TITLE_OFFSET;
  const frameHeight = Math.max(0, height - frameTop - PADDING);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="no-data-panel" role="img" aria-label="${escapeXml(`${title}: ${message}`)}"`,
    ` width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${escapeXml(`${title}: ${message}`)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${PADDING}" y="${titleBaseline}" font-family="${font}" font-size="${chartTitleStyle.fontSize}px"`,
    ` font-weight="${chartTitleStyle.fontWeight}" fill="${chartTitleStyle.color}">${escapeXml(title)}</text>`,
    `<rect x="${PADDING + 0.5}" y="${frameTop + 0.5}" width="${Math.max(0, width - 2 * PADDING - 1)}" height="${Math.max(0, frameHeight - 1)}"`,
    ` fill="#fafafa" stroke="#cccccc" stroke-dasharray="4 4"/>`,
    `<text class="no-data-message" x="${width / 2}" y="${frameTop + frameHeight / 2}" text-anchor="middle" dominant-baseline="middle"`,
    ` font-family="${font}" font-size="13px" fill="#666666">${escapeXml(message)}</text>`,
    `</svg>`,
  ].join('');
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
