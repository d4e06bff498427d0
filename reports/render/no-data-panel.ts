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
// The message is 13 px; DejaVu Sans averages about 7.5 px per character at that size, so lines are wrapped at
// the character count that fits the frame with a margin (SVG text does not wrap by itself).
const MESSAGE_MARGIN = 12;
const MESSAGE_CHAR_WIDTH = 7.5;
const MESSAGE_LINE_HEIGHT = 17;

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
    messageText(message, width / 2, frameTop + frameHeight / 2, wrap(message, Math.floor((width - 2 * PADDING - 2 * MESSAGE_MARGIN) / MESSAGE_CHAR_WIDTH)), font),
    `</svg>`,
  ].join('');
}

// One line: a single text element (the common case). Several: tspans centred as a block around `y`.
function messageText(message: string, x: number, y: number, lines: readonly string[], font: string): string {
  const attrs = `class="no-data-message" x="${x}" text-anchor="middle" font-family="${font}" font-size="13px" fill="#666666"`;
  if (lines.length <= 1) return `<text ${attrs} y="${y}" dominant-baseline="middle">${escapeXml(message)}</text>`;
  const top = y - ((lines.length - 1) * MESSAGE_LINE_HEIGHT) / 2;
  const spans = lines.map((line, i) => `<tspan x="${x}" y="${top + i * MESSAGE_LINE_HEIGHT}">${escapeXml(line)}</tspan>`).join('');
  return `<text ${attrs} dominant-baseline="middle" aria-label="${escapeXml(message)}">${spans}</text>`;
}

// Greedy word wrap; a word longer than a line gets a line of its own rather than being cut.
function wrap(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
