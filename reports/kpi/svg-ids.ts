// Makes the element ids of an SVG unique to one chart, so several inline SVGs can share one HTML page.

/**
 * Prefixes every `id` in `svg`, and every `url(#…)` and `href="#…"` reference to it, with `prefix-`.
 * Vega numbers its gradients and clip paths per render (`gradient_0`), so two charts on one page would
 * otherwise paint each other's legend.
 * @example scopeSvgIds('<linearGradient id="gradient_0"/>…fill="url(#gradient_0)"', 'cohorts');
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}-${id})`)
    .replace(/\b((?:xlink:)?href)="#([^"]+)"/g, (_, attr: string, id: string) => `${attr}="#${prefix}-${id}"`);
}
