// The Vega-Lite spec of grouped bars comparing the report period with the previous one, per category.
import type { TopLevelSpec } from 'vega-lite';
import { okabeItoPalette } from '../render/index.js';

/** One bar: a category (e.g. a funnel step) in one of the two periods. */
export interface CompareRow {
  readonly category: string;
  readonly period: string;
  readonly value: number;
}

/**
 * Grouped bars: one group per category in `categories` order, the previous period light and the report
 * period dark, so each group reads as "before, now".
 * @example periodCompareSpec('Email funnel', 'Messages', ['Sent', 'Opened'], ['2026-10-19 to 2026-10-25', '2026-10-26 to 2026-11-01'], rows);
 */
export function periodCompareSpec(
  title: string, axisTitle: string, categories: readonly string[], periods: readonly [previous: string, current: string], rows: readonly CompareRow[],
): TopLevelSpec {
  return {
    title,
    data: { values: rows.map((r) => ({ ...r })) },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'category', type: 'nominal', sort: [...categories], title: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'period', type: 'nominal', sort: [...periods] },
      y: { field: 'value', type: 'quantitative', title: axisTitle, axis: { tickMinStep: 1 } },
      color: { field: 'period', type: 'nominal', title: null, scale: { domain: [...periods], range: ['#9cc3e0', okabeItoPalette[0]!] }, legend: { orient: 'top', labelLimit: 400 } },
      tooltip: [
        { field: 'category', type: 'nominal', title: 'Step' },
        { field: 'period', type: 'nominal', title: 'Period' },
        { field: 'value', type: 'quantitative', title: axisTitle, format: ',' },
      ],
    },
  };
}
