// Renders a Vega-Lite spec to SVG in-process (no browser, no network) with the Rapport chart theme.
import type { TopLevelSpec } from 'vega-lite';
import type { Spec, View } from 'vega';
import { chartSize, chartTheme } from './chart-theme.js';
import { ChartRenderError } from './chart-render-error.js';
import { collectingLogger } from './collecting-logger.js';
import { offlineLoader } from './offline-loader.js';
import { checkChartSpec } from './check-chart-spec.js';

/** Options for {@link renderChart}. */
export interface RenderChartOptions {
  /** Names the chart in errors (e.g. `weekly-orders`). Defaults to the spec's title text. */
  readonly name?: string;
  /** Outer width in pixels of a single-view or layered chart whose spec sets none. Default `chartSize.width`. */
  readonly width?: number;
  /** Outer height in pixels, as for `width`. Default `chartSize.height`. */
  readonly height?: number;
}

/** The result of {@link renderChart}. */
export interface RenderedChart {
  readonly svg: string;
  /** The compiled Vega spec, kept for golden-file tests and debugging. */
  readonly vegaSpec: Spec;
  /** Vega-Lite and Vega warnings (e.g. an invalid aggregate that was dropped); empty for a clean chart. */
  readonly warnings: readonly string[];
}

// Loaded on first use: vega and vega-lite take ~0.6 s to import, which every other `rapport` command would pay.
let libraries: Promise<[typeof import('vega-lite'), typeof import('vega')]> | undefined;
const chartLibraries = () => (libraries ??= Promise.all([import('vega-lite'), import('vega')]));

/**
 * Starts importing the chart libraries now, so that a caller with other work first (the report's queries) does not
 * wait for the import at its first chart. A failed import is reported by that chart's {@link renderChart}.
 */
export function preloadChartLibraries(): void {
  chartLibraries().catch(() => undefined);
}

/**
 * Validates `spec` against the Vega-Lite schema, compiles it with the Rapport theme and renders it headlessly to
 * SVG. Data must be inline (`data.values` or `datasets`): every URL, file or image request is refused.
 *
 * @throws {ChartRenderError} naming the chart and the stage: `validate` (schema problems, each with its JSON path),
 *   `compile` (the vega-lite message) or `render` (a Vega error, or a spec that tried to load a URL).
 *   Nothing is written to disk.
 * @example
 * const { svg } = await renderChart(
 *   { title: 'Orders', data: { values: rows }, mark: 'bar', encoding: { x: { field: 'week', type: 'ordinal' }, y: { field: 'orders', type: 'quantitative' } } },
 *   { name: 'weekly-orders' },
 * );
 */
export async function renderChart(spec: TopLevelSpec, options: RenderChartOptions = {}): Promise<RenderedChart> {
  const chart = options.name ?? titleText(spec) ?? 'unnamed chart';
  const check = checkChartSpec(spec);
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  const [{ compile }, { parse, View }] = await chartLibraries();

  let vegaSpec: Spec | undefined;
  let compileError: unknown;
  try {
    vegaSpec = compile(sized(spec, options), { config: chartTheme, logger }).spec;
  } catch (error) {
    compileError = error;
  }
  if (check.issues.length > 0) {
    // Compiled anyway: a vega-lite warning often names the bad value where the schema only names the object.
    // Its thrown errors are left out: after a schema failure they are crashes like "reading 'filled'".
    const said = warnings.length > 0 ? ` (vega-lite warns: ${warnings.join('; ')})` : '';
    const detail = `the spec does not match the Vega-Lite schema${said}`;
    throw new ChartRenderError(chart, 'validate', detail, check.issues, { cause: check.error });
  }
  if (vegaSpec === undefined) {
    const detail = `vega-lite could not compile the spec: ${messageOf(compileError)}`;
    throw new ChartRenderError(chart, 'compile', detail, [], { cause: compileError });
  }

  const offline = offlineLoader();
  let view: View | undefined;
  let svg: string;
  try {
    view = new View(parse(vegaSpec), { renderer: 'none', loader: offline.loader, logger });
    svg = await view.toSVG();
  } catch (error) {
    throw new ChartRenderError(chart, 'render', `vega could not render the spec: ${messageOf(error)}`, [], { cause: error });
  } finally {
    view?.finalize();
  }
  if (offline.refused.length > 0) {
    // Vega only logs a failed load and draws an empty chart; an empty chart in a report would look like real data.
    const detail = `the spec tried to load ${offline.refused.join(', ')}; charts render offline, pass inline data values`;
    throw new ChartRenderError(chart, 'render', detail);
  }
  return Object.freeze({ svg, vegaSpec, warnings: Object.freeze(warnings) });
}

// `autosize: fit` (from the theme) only works for one view or a layer; composite specs keep Vega-Lite's padding.
function sized(spec: TopLevelSpec, options: RenderChartOptions): TopLevelSpec {
  const encoding = 'encoding' in spec ? (spec.encoding ?? {}) : {};
  const faceted = 'row' in encoding || 'column' in encoding || 'facet' in encoding;
  if (!('mark' in spec || 'layer' in spec) || faceted) return { autosize: { type: 'pad' }, ...spec };
  return { width: options.width ?? chartSize.width, height: options.height ?? chartSize.height, ...spec };
}

function titleText(spec: TopLevelSpec): string | undefined {
  const title = typeof spec.title === 'object' && !Array.isArray(spec.title) ? spec.title.text : spec.title;
  const text = Array.isArray(title) ? title.join(' ') : title;
  return typeof text === 'string' && text.length > 0 ? text : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
