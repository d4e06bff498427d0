// The one look every Rapport chart shares: font, outer size, colour-blind-safe palette and title style.
import type { Config } from 'vega-lite';

/**
 * Font family written into every SVG. The PNG step loads this exact family from disk (see `fonts.ts`), so the
 * SVG and the PNG show the same typeface; browsers without it fall back along the list.
 */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

/** Outer size in pixels (axes, legend and title included) of a single-view chart and of a no-data panel. */
export const chartSize = Object.freeze({ width: 640, height: 360 });

/**
 * Okabe & Ito's palette, distinguishable under the common colour-vision deficiencies. Reordered so the first
 * colours have good contrast on white; yellow comes last because it is faint as a line.
 */
export const okabeItoPalette: readonly string[] = Object.freeze([
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#000000', // black
  '#F0E442', // yellow
]);

/** Title style shared with the no-data panel so both look alike on a report page. */
export const chartTitleStyle = Object.freeze({ fontSize: 15, fontWeight: 'bold', color: '#222222', anchor: 'start' } as const);

const fontStack = `${CHART_FONT_FAMILY}, Verdana, sans-serif`;

/**
 * Vega-Lite config applied under every spec; a spec's own `config` wins where both set a property.
 *
 * @example
 * compile(spec, { config: chartTheme });
 */
export const chartTheme: Config = deepFreeze<Config>({
  font: fontStack,
  background: '#ffffff',
  padding: 8,
  // `fit` makes width/height the outer size, so charts line up on a page and match `noDataPanel`.
  autosize: { type: 'fit', contains: 'padding' },
  view: { continuousWidth: chartSize.width, continuousHeight: chartSize.height, stroke: null },
  title: { ...chartTitleStyle, font: fontStack, subtitleFontSize: 12, subtitleColor: '#555555', offset: 12 },
  axis: { labelFontSize: 11, titleFontSize: 12, labelColor: '#333333', titleColor: '#222222', gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  range: {
    category: [...okabeItoPalette],
    // Sequential and diverging schemes chosen for colour-blind readability.
    ramp: { scheme: 'viridis' },
    heatmap: { scheme: 'viridis' },
    diverging: { scheme: 'blueorange' },
  },
  mark: { color: okabeItoPalette[0] },
  line: { strokeWidth: 2 },
});

// Nested objects are frozen too: the theme is shared by every render, so no caller may change it for the others.
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
