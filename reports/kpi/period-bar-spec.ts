// The Vega-Lite spec of a per-period bar chart whose report period is highlighted.
import type { TopLevelSpec } from 'vega-lite';
import { okabeItoPalette } from '../render/index.js';
import type { Period } from '../period.js';

/** Options for {@link periodBarSpec}. */
export interface PeriodBarOptions<T extends Period> {
  readonly title: string;
  readonly rows: readonly T[];
  /** The numeric field drawn as the bar. */
  readonly field: keyof T & string;
  readonly axisTitle: string;
  /** `start` of the report period, drawn in the strong colour. */
  readonly current: string;
  /** d3 number format of the axis and tooltip. */
  readonly format: string;
}

/**
 * One bar per period, oldest left, labelled by the period's start date; the report period is dark blue and
 * the earlier ones light, so the eye lands on the figure the tiles above describe.
 * @example periodBarSpec({ title: 'Net revenue by week', rows, field: 'revenue', axisTitle: 'Net revenue', current: '2026-10-26', format: ',.0f' });
 */
export function periodBarSpec<T extends Period>(options: PeriodBarOptions<T>): TopLevelSpec {
  const values = options.rows.map((r) => ({ start: r.start, label: r.label, [options.field]: r[options.field] }));
  return {
    title: options.title,
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'start', type: 'ordinal', title: 'Period starting', axis: { labelAngle: -45 } },
      y: { field: options.field, type: 'quantitative', title: options.axisTitle, axis: { format: options.format } },
      color: {
        condition: { test: `datum.start === ${JSON.stringify(options.current)}`, value: okabeItoPalette[0]! },
        value: '#9cc3e0',
      },
      tooltip: [
        { field: 'label', type: 'nominal', title: 'Period' },
        { field: options.field, type: 'quantitative', title: options.axisTitle, format: options.format },
      ],
    },
  };
}
