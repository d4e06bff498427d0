// The extension point of a report: one section that queries the warehouse and says what to show, as data.
import type { TopLevelSpec } from 'vega-lite';
import type { Warehouse } from '../warehouse/warehouse.js';
import type { ReportPeriod } from './period.js';

/** Parameters every section is built for. */
export interface ReportParams {
  /** 'YYYY-MM-DD', exclusive end of the data the report may show. */
  readonly asOf: string;
  readonly period: ReportPeriod;
  /**
   * Results several sections need, computed once per report build (the builder passes a fresh map; without one,
   * each section queries on its own). Keyed by the query's name.
   */
  readonly shared?: Map<string, Promise<unknown>>;
}

/** How a figure's value is written: counts and money as whole numbers, rates as percentages. */
export type FigureUnit = 'count' | 'money' | 'rate';

/** One headline number: its value for the period, the previous period's, and what it counts. */
export interface Figure {
  readonly label: string;
  /** NULL when the period has nothing to measure (e.g. a rate over zero customers). */
  readonly value: number | null;
  /** The same figure for the previous period; NULL when there is none to compare with. */
  readonly previous: number | null;
  /** What `previous` refers to, e.g. the previous period's label or a snapshot date. */
  readonly previousLabel: string;
  /**
   * What `previous` is: the same figure in the period before (default), or another group of the same period (detractors
   * against promoters). The executive summary reports moves over time only, so it leaves group comparisons out.
   */
  readonly comparedWith?: 'period' | 'group';
  /**
   * The same figure for the same period a year earlier (the headline order and customer figures): a second change
   * shown under the first. `previous` is NULL and `missing` says why (in plain words) when the data does not reach
   * back a year: the report says so rather than showing a zero.
   */
  readonly yearAgo?: { readonly previous: number | null; readonly previousLabel: string; readonly missing?: string };
  readonly unit: FigureUnit;
  /** Which direction is good news, for the colour of the change ('neither' keeps it grey). */
  readonly better: 'up' | 'down' | 'neither';
  /** One line saying exactly what is counted. */
  readonly definition: string;
}

/** What a section shows in its chart slot: a Vega-Lite spec, or a panel saying why there is none. */
export type SectionChart =
  | { readonly kind: 'chart'; readonly spec: TopLevelSpec }
  | { readonly kind: 'empty'; readonly reason: 'no-data' | 'not-computed'; readonly message: string };

/** A small table of rows (e.g. the top customers at risk), already in display order. */
export interface SectionTable {
  readonly columns: readonly { readonly key: string; readonly label: string; readonly unit?: FigureUnit | 'number' | 'text' }[];
  readonly rows: readonly Readonly<Record<string, string | number | null>>[];
}

/**
 * How far a section's figures can be trusted (model-based figures: how many customers the model rests on, whether
 * its fit converged, how far off it was on past data). `unreliable` figures are flagged on the page.
 */
export interface Reliability {
  readonly level: 'ok' | 'caution' | 'unreliable';
  /** One or two plain sentences, shown next to the figures. */
  readonly text: string;
}

/** Everything a section shows; a report renders it, tests read it. */
export interface SectionView {
  readonly figures: readonly Figure[];
  /** NULL for a section that only has a table. */
  readonly chart: SectionChart | null;
  readonly table?: SectionTable;
  /** Set by sections whose figures come from a model; absent for counted figures. */
  readonly reliability?: Reliability;
}

/**
 * A technical name (a warehouse table, a model, a measure) and what it means in plain words. Titles, definitions
 * and figure texts speak plain language; the technical names behind them appear only in the report's glossary.
 */
export interface GlossaryEntry {
  readonly term: string;
  readonly meaning: string;
}

/**
 * One section of a report: an id, a title, a one-line definition, and how to build its view. Title, definition
 * and everything the view shows are plain words for leadership: no table, column or model name (the report's
 * tests fail on any name from `technicalTerms()` outside the glossary); those go in `glossary`.
 */
export interface ReportSection {
  /** File-name-safe id: its chart is written as `<id>.svg`, `<id>.png` and `<id>.vl.json`. */
  readonly id: string;
  /** Plain words, e.g. "Customers who stopped buying", not "Churn (churn_metrics)". */
  readonly title: string;
  /** One line saying what the section shows, in plain words. */
  readonly definition: string;
  /** The technical names behind the section (tables it reads, models), for the glossary at the end of the report. */
  readonly glossary?: readonly GlossaryEntry[];
  /** The source channel the section is about (`email`, `social`): left out of reports for shops without it. */
  readonly channel?: string;
  /** Queries the warehouse; never throws for a missing upstream table (returns a "not computed yet" view). */
  build(wh: Warehouse, params: ReportParams): Promise<SectionView>;
}
