// Tests renderChart: themed SVG output with the right marks, clear errors naming the chart, and no network access.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { ChartRenderError, okabeItoPalette, renderChart } from '../../../reports/render/index.js';

const ordersByRegion: TopLevelSpec = {
  title: 'Orders by region',
  data: {
    values: [
      { region: 'North', orders: 10 },
      { region: 'South', orders: 20 },
      { region: 'East', orders: 5 },
      { region: 'West', orders: 14 },
    ],
  },
  mark: 'bar',
  encoding: {
    x: { field: 'region', type: 'nominal', title: 'Region' },
    y: { field: 'orders', type: 'quantitative', title: 'Orders' },
  },
};

const revenueByMonth: TopLevelSpec = {
  title: 'Revenue by month',
  data: {
    values: [
      { month: '2024-01-01', revenue: 100, channel: 'web' },
      { month: '2024-02-01', revenue: 130, channel: 'web' },
      { month: '2024-03-01', revenue: 90, channel: 'web' },
      { month: '2024-01-01', revenue: 60, channel: 'store' },
      { month: '2024-02-01', revenue: 70, channel: 'store' },
      { month: '2024-03-01', revenue: 95, channel: 'store' },
    ],
  },
  mark: { type: 'line', point: true },
  encoding: {
    x: { field: 'month', type: 'temporal', timeUnit: 'yearmonth', title: 'Month' },
    y: { field: 'revenue', type: 'quantitative', title: 'Revenue (EUR)' },
    color: { field: 'channel', type: 'nominal', title: 'Channel' },
  },
};

/** The opening tags of `<path>` elements whose aria-roledescription is exactly `role`. */
function marks(svg: string, role: string): string[] {
  return svg.match(new RegExp(`<path [^>]*aria-roledescription="${role}"[^>]*>`, 'g')) ?? [];
}

/** Height of a vega bar path `M x,y h w v height h -w Z`. */
function barHeight(path: string): number {
  const match = /d="M[^h]+h[-\d.]+v([-\d.]+)/.exec(path);
  if (match?.[1] === undefined) throw new Error(`not a bar path: ${path}`);
  return Number(match[1]);
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];
}

async function renderError(spec: unknown, name: string): Promise<ChartRenderError> {
  const error = await renderChart(spec as TopLevelSpec, { name }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ChartRenderError)) throw new Error(`expected a ChartRenderError, got ${String(error)}`);
  return error;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('renderChart', () => {
  it('draws one bar per row, with heights proportional to the values, under the chart title', async () => {
    const { svg } = await renderChart(ordersByRegion, { name: 'orders-by-region' });

    expect(svg).toContain('>Orders by region</text>');
    const bars = marks(svg, 'bar');
    expect(bars).toHaveLength(4);
    const heightOf = (region: string): number => barHeight(bars.find((b) => b.includes(`aria-label="Region: ${region};`)) ?? '');
    expect(heightOf('South') / heightOf('North')).toBeCloseTo(2, 5);
    expect(heightOf('North') / heightOf('East')).toBeCloseTo(2, 5);
    expect(bars.map((b) => attribute(b, 'fill'))).toEqual(Array(4).fill(okabeItoPalette[0]));
  });

  it('draws one line per series and one point per row, in the colour-blind-safe palette', async () => {
    const { svg } = await renderChart(revenueByMonth, { name: 'revenue-by-month' });

    expect(svg).toContain('>Revenue by month</text>');
    const lines = marks(svg, 'line mark');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(attribute(line, 'd')?.match(/L/g)).toHaveLength(2); // 3 months = 2 segments
    expect(marks(svg, 'point')).toHaveLength(6);
    // Series are coloured in sorted domain order: "store" then "web".
    expect(lines.find((l) => l.includes('Channel: store'))).toContain(`stroke="${okabeItoPalette[0]}"`);
    expect(lines.find((l) => l.includes('Channel: web'))).toContain(`stroke="${okabeItoPalette[1]}"`);
  });

  it('uses the theme font and the default outer size, or the size passed in', async () => {
    const themed = await renderChart(ordersByRegion);
    expect(themed.svg).toMatch(/^<svg [^>]*width="640" height="360"/);
    expect(themed.svg).toContain('font-family="DejaVu Sans, Verdana, sans-serif"');

    const small = await renderChart(ordersByRegion, { width: 400, height: 250 });
    expect(small.svg).toMatch(/^<svg [^>]*width="400" height="250"/);
  });

  it('returns the compiled Vega spec with the inline rows', async () => {
    const { vegaSpec } = await renderChart(ordersByRegion);

    expect(vegaSpec.$schema).toMatch(/vega\/v\d+\.json$/);
    expect(JSON.stringify(vegaSpec.data)).toContain('"region":"South","orders":20');
  });

  it('reports vega-lite warnings for a chart that still renders', async () => {
    const spec: TopLevelSpec = {
      data: { values: [{ a: 'x', b: 1 }] },
      mark: 'bar',
      encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' }, shape: { field: 'a', type: 'nominal' } },
    };
    const { warnings } = await renderChart(spec);

    expect(warnings.join('\n')).toMatch(/shape.*(dropped|incompatible)/i);
  });

  it('rejects a spec that breaks the Vega-Lite schema, naming the chart and the bad property', async () => {
    const spec = { data: { values: [] }, mark: 'bar', encoding: { y: { field: 'orders', type: 'quantitive' } } };
    const error = await renderError(spec, 'weekly-orders');

    expect(error.stage).toBe('validate');
    expect(error.message).toContain('Chart "weekly-orders" failed at validate');
    expect(error.issues).toEqual([{ path: 'encoding.y.type', message: expect.stringContaining('(got "quantitive")') }]);
    expect(error.message).toContain('encoding.y.type: expected one of "quantitative"');
  });

  it('adds the vega-lite warning when the schema can only name the enclosing object', async () => {
    const spec = { data: { values: [{ a: 1 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'quantitative', aggregate: 'summ' } } };
    const error = await renderError(spec, 'weekly-orders');

    expect(error.issues.map((i) => i.path)).toEqual(['encoding.x']);
    expect(error.message).toContain('Invalid aggregation operator "summ"');
  });

  it('rejects a spec vega-lite cannot compile with the chart name and the vega-lite message', async () => {
    const spec: TopLevelSpec = {
      data: { values: [{ a: 1 }] },
      transform: [{ calculate: 'datum.a +* 2', as: 'b' }],
      mark: 'point',
      encoding: { x: { field: 'b', type: 'quantitative' } },
    };
    const error = await renderError(spec, 'doubled');

    expect(error.stage).toBe('compile');
    expect(error.message).toMatch(/^Chart "doubled" failed at compile: vega-lite could not compile the spec: .*Unexpected token/);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('names the chart after its title when no name is given', async () => {
    const spec = { ...ordersByRegion, mark: 'barr' };
    const error = await renderError(spec, undefined as unknown as string);

    expect(error.chart).toBe('Orders by region');
  });

  it('refuses to fetch a data URL instead of rendering an empty chart', async () => {
    // Rejects too, so a regression fails the test instead of reaching the network.
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('network disabled in tests'));
    const spec: TopLevelSpec = {
      data: { url: 'https://example.com/orders.csv' },
      mark: 'point',
      encoding: { x: { field: 'orders', type: 'quantitative' } },
    };
    const error = await renderError(spec, 'remote-orders');

    expect(error.stage).toBe('render');
    expect(error.message).toContain('Chart "remote-orders" failed at render: the spec tried to load https://example.com/orders.csv');
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('refuses to read a local file through an image mark', async () => {
    const spec: TopLevelSpec = {
      data: { values: [{ a: 1, src: 'file:///etc/hostname' }] },
      mark: 'image',
      encoding: { x: { field: 'a', type: 'quantitative' }, url: { field: 'src' } },
    };
    const error = await renderError(spec, 'logo');

    expect(error.message).toContain('the spec tried to load file:///etc/hostname');
  });
});
