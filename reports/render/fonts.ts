// Finds the chart font files on disk so PNG rendering never falls back to drawing no text at all.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Debian/Ubuntu package that provides the chart font; CI installs it. */
export const CHART_FONT_PACKAGE = 'fonts-dejavu-core';

/**
 * Where `DejaVuSans.ttf` lives on the systems we build on, in lookup order: Debian/Ubuntu, Fedora/RHEL, Alpine, Arch.
 */
export const CHART_FONT_PATHS: readonly string[] = Object.freeze([
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/TTF/DejaVuSans.ttf',
]);

/** Thrown when none of the candidate font files exists. */
export class ChartFontNotFoundError extends Error {
  override readonly name = 'ChartFontNotFoundError';

  constructor(readonly triedPaths: readonly string[]) {
    super(
      `No chart font found, so PNG text cannot be drawn. Tried: ${triedPaths.join(', ')}. ` +
        `Install it with \`apt-get install -y ${CHART_FONT_PACKAGE}\` or pass \`fontPaths\` to svgToPng. Nothing was written.`,
    );
  }
}

/**
 * Returns the font files to load for charts: the first existing regular face from `candidates`, plus its bold
 * face from the same folder when present (titles are bold; without it resvg uses the regular face).
 *
 * @throws {ChartFontNotFoundError} when no candidate exists; the error lists every path tried.
 * @example
 * const files = findChartFontFiles(); // ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '.../DejaVuSans-Bold.ttf']
 */
export function findChartFontFiles(candidates: readonly string[] = CHART_FONT_PATHS): readonly string[] {
  const regular = candidates.find((path) => existsSync(path));
  if (regular === undefined) throw new ChartFontNotFoundError(candidates);
  const bold = join(dirname(regular), 'DejaVuSans-Bold.ttf');
  return Object.freeze(existsSync(bold) && bold !== regular ? [regular, bold] : [regular]);
}
