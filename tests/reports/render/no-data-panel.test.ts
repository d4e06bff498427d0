// Tests noDataPanel: a chart-sized SVG carrying the title and message, safely escaped.
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { chartSize, noDataPanel } from '../../../reports/render/index.js';

describe('noDataPanel', () => {
  it('contains the title and the message and parses as an SVG of the default chart size', () => {
    const svg = noDataPanel('Weekly orders', 'No orders in this period');

    expect(svg).toContain('>Weekly orders</text>');
    expect(svg).toMatch(/<text class="no-data-message"[^>]*>No orders in this period<\/text>/);
    const parsed = new Resvg(svg);
    expect([parsed.width, parsed.height]).toEqual([chartSize.width, chartSize.height]);
  });

  it('takes the size of the chart it replaces', () => {
    const parsed = new Resvg(noDataPanel('Weekly orders', 'No data', { width: 400, height: 250 }));

    expect([parsed.width, parsed.height]).toEqual([400, 250]);
  });

  it('escapes markup in the title and message so they cannot break the SVG', () => {
    const svg = noDataPanel('Orders <EU> & "UK"', "No rows for 'Q1' <yet>");

    expect(svg).toContain('>Orders &#60;EU&#62; &#38; &#34;UK&#34;</text>');
    expect(svg).toContain('>No rows for &#39;Q1&#39; &#60;yet&#62;</text>');
    expect(() => new Resvg(svg)).not.toThrow();
  });
});
