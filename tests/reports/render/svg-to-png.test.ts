// Tests svgToPng (and svgToPngAsync): a real PNG of the right size whose text is actually drawn, and a clear error without the font.
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { ChartFontNotFoundError, noDataPanel, renderChart, svgToPng, svgToPngAsync } from '../../../reports/render/index.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const ordersByRegion: TopLevelSpec = {
  title: 'Orders by region',
  data: { values: [{ region: 'North', orders: 10 }, { region: 'South', orders: 20 }] },
  mark: 'bar',
  encoding: { x: { field: 'region', type: 'nominal' }, y: { field: 'orders', type: 'quantitative' } },
};

interface Decoded {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/** Decodes PNG bytes by letting resvg draw them as an embedded image at their own size. */
function decodePng(png: Uint8Array): Decoded {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = view.getUint32(16); // IHDR is the first chunk: width and height follow its 8-byte header
  const height = view.getUint32(20);
  const href = `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image href="${href}" width="${width}" height="${height}"/></svg>`;
  const rendered = new Resvg(svg).render();
  return { width, height, rgba: new Uint8Array(rendered.pixels) };
}

/** Pixels in the box whose colour is close to black (text is #222/#333; the palette has no such colour there). */
function darkPixels(image: Decoded, box: { x: number; y: number; width: number; height: number }): number {
  let count = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      const i = (y * image.width + x) * 4;
      const [r = 255, g = 255, b = 255] = [image.rgba[i], image.rgba[i + 1], image.rgba[i + 2]];
      if (r + g + b < 3 * 110) count++;
    }
  }
  return count;
}

const TITLE_BOX = { x: 0, y: 0, width: 320, height: 30 };

describe('svgToPng', () => {
  it('writes a PNG the size of the SVG, or scaled', async () => {
    const { svg } = await renderChart(ordersByRegion);

    const png = svgToPng(svg);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(decodePng(png)).toMatchObject({ width: 640, height: 360 });
    expect(decodePng(svgToPng(svg, { scale: 2 }))).toMatchObject({ width: 1280, height: 720 });
  });

  it('rasterises the same bytes on a worker thread (svgToPngAsync), several charts at once', async () => {
    const { svg } = await renderChart(ordersByRegion);
    const panel = noDataPanel('Weekly orders', 'No orders in this period');
    const [chart2x, panel1x] = await Promise.all([svgToPngAsync(svg, { scale: 2 }), svgToPngAsync(panel)]);
    expect(Buffer.from(chart2x).equals(Buffer.from(svgToPng(svg, { scale: 2 })))).toBe(true);
    expect(Buffer.from(panel1x).equals(Buffer.from(svgToPng(panel)))).toBe(true);
    expect(decodePng(chart2x)).toMatchObject({ width: 1280, height: 720 });
  });

  it('draws the title text: the title area is dark only when the SVG has a title', async () => {
    const { svg } = await renderChart(ordersByRegion);
    const untitled = svg.replace('>Orders by region</text>', '></text>');
    expect(untitled).not.toBe(svg);

    const withTitle = darkPixels(decodePng(svgToPng(svg)), TITLE_BOX);
    const withoutTitle = darkPixels(decodePng(svgToPng(untitled)), TITLE_BOX);
    expect(withTitle).toBeGreaterThan(150);
    expect(withoutTitle).toBe(0);
  });

  it('draws the message of a no-data panel', () => {
    const panel = decodePng(svgToPng(noDataPanel('Weekly orders', 'No orders in this period')));
    const blank = decodePng(svgToPng(noDataPanel('Weekly orders', '')));
    const middle = { x: 160, y: 170, width: 320, height: 30 };

    // Message text is mid-grey (#666), so count any non-background pixel rather than dark ones.
    const inked = (image: Decoded): number => {
      let count = 0;
      for (let y = middle.y; y < middle.y + middle.height; y++) {
        for (let x = middle.x; x < middle.x + middle.width; x++) if ((image.rgba[(y * image.width + x) * 4] ?? 255) < 200) count++;
      }
      return count;
    };
    expect(inked(panel)).toBeGreaterThan(100);
    expect(inked(blank)).toBe(0);
  });

  it('fails naming every path tried and the package to install when no font is found', async () => {
    const { svg } = await renderChart(ordersByRegion);
    const missing = ['/nonexistent/a/DejaVuSans.ttf', '/nonexistent/b/DejaVuSans.ttf'];

    expect(() => svgToPng(svg, { fontPaths: missing })).toThrow(ChartFontNotFoundError);
    expect(() => svgToPng(svg, { fontPaths: missing })).toThrow(
      /Tried: \/nonexistent\/a\/DejaVuSans\.ttf, \/nonexistent\/b\/DejaVuSans\.ttf\. Install it with `apt-get install -y fonts-dejavu-core`/,
    );
  });
});
