// The extension point of a report: one chart section that queries the warehouse and describes itself as Vega-Lite.
import type { TopLevelSpec } from 'vega-lite';
import type { Warehouse } from '../warehouse/warehouse.js';

/** Parameters every section is built for. */
export interface ReportParams {
  /** 'YYYY-MM-DD', exclusive end of the data shown. */
  readonly asOf: string;
}

/** One chart of a report. */
export interface ChartSection<Row = Record<string, unknown>> {
  /** File-name-safe id: the chart is written as `<id>.svg`, `<id>.png` and `<id>.vl.json`. */
  readonly id: string;
  readonly title: string;
  /** One line saying exactly what is counted. */
  readonly definition: string;
  /** Message shown instead of the chart when the query returns no rows. */
  readonly empty: string;
  query(wh: Warehouse, params: ReportParams): Promise<Row[]>;
  spec(rows: readonly Row[]): TopLevelSpec;
}
