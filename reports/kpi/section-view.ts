// Small constructors for section views, so every section builds figures and empty panels the same way.
import type { Figure, SectionView } from '../report-section.js';

/** A view with no figures and a "not computed yet" panel (its upstream table is missing). */
export function notComputed(message: string): SectionView {
  const view: SectionView = { figures: [], chart: { kind: 'empty', reason: 'not-computed', message } };
  return Object.freeze(view);
}

/** A view whose chart is a "no data" panel; its figures (zeros, or NULL rates) are still shown. */
export function noData(message: string, figures: readonly Figure[] = []): SectionView {
  const view: SectionView = { figures, chart: { kind: 'empty', reason: 'no-data', message } };
  return Object.freeze(view);
}

/** Builds a frozen figure; `previous` defaults to NULL (nothing to compare with). */
export function figure(fields: Omit<Figure, 'previous' | 'previousLabel'> & Partial<Pick<Figure, 'previous' | 'previousLabel'>>): Figure {
  return Object.freeze({ previous: null, previousLabel: '', ...fields });
}

/** `numerator / denominator`, or NULL when the denominator is 0 (a rate of nothing is not 0 %). */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}
