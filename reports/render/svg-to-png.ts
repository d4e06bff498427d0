// Rasterises a chart SVG to PNG bytes with resvg, using only the chart font files for deterministic text.
import { renderAsync, Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { CHART_FONT_FAMILY } from './chart-theme.js';
import { CHART_FONT_PATHS, findChartFontFiles } from './fonts.js';

/** Options for {@link svgToPng}. */
export interface SvgToPngOptions {
  /** Pixel-density multiplier; 2 gives a crisp image for print or high-DPI screens. Default 1. */
  readonly scale?: number;
  /** Candidate paths of the regular chart font, tried in order. Default {@link CHART_FONT_PATHS}. */
  readonly fontPaths?: readonly string[];
}

/**
 * Renders an SVG (from `renderChart` or `noDataPanel`) to a PNG. System fonts are not loaded, so the output
 * does not depend on what else is installed; every font family falls back to {@link CHART_FONT_FAMILY}.
 *
 * @throws {ChartFontNotFoundError} when the chart font is not installed (instead of silently drawing no text).
 * @throws the resvg error when the SVG cannot be parsed. Nothing is written to disk.
 * @example
 * const { svg } = await renderChart(spec, { name: 'weekly-orders' });
 * await writeFile('weekly-orders.png', svgToPng(svg, { scale: 2 }));
 */
export function svgToPng(svg: string, options: SvgToPngOptions = {}): Uint8Array {
  return new Resvg(svg, resvgOptions(options)).render().asPng();
}

/**
 * {@link svgToPng} on one of libuv's worker threads: several charts rasterise at once, beside the main thread's work.
 * Same options, same bytes.
 * @example const pngs = await Promise.all(svgs.map((svg) => svgToPngAsync(svg, { scale: 2 })));
 */
export async function svgToPngAsync(svg: string, options: SvgToPngOptions = {}): Promise<Uint8Array> {
  return (await renderAsync(svg, resvgOptions(options))).asPng();
}

function resvgOptions(options: SvgToPngOptions): ResvgRenderOptions {
  const fontFiles = findChartFontFiles(options.fontPaths ?? CHART_FONT_PATHS);
  const scale = options.scale ?? 1;
  return {
    fitTo: scale === 1 ? { mode: 'original' } : { mode: 'zoom', value: scale },
    font: {
      loadSystemFonts: false,
      fontFiles: [...fontFiles],
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
    logLevel: 'off',
  };
}
