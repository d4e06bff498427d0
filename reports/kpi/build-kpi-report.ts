// Builds the KPI report as data: the header facts and every section's figures, chart spec or table.
import type { Warehouse } from '../../warehouse/warehouse.js';
import { reportPeriod, type Period, type PeriodKind } from '../period.js';
import type { ReportSection, SectionView } from '../report-section.js';
import { withCatalogSnapshot } from '../missing-table.js';
import { kpiSections } from './kpi-sections.js';
import { analyticsAsOf, latestRun, runDataWarnings, sourceFreshness, type SourceFreshness } from './report-header.js';

/** What the KPI report is built for. */
export interface KpiReportParams {
  /** 'YYYY-MM-DD', exclusive: nothing on or after it is shown. */
  readonly asOf: string;
  readonly period: PeriodKind;
  /** The run this report belongs to; when omitted, the latest run recorded in `pipeline_runs` is named. */
  readonly runId?: string;
  /** When the report was generated (ISO text); passed in so a test can pin it. */
  readonly generatedAt: string;
  /**
   * The channels the config's sources load (e.g. `['orders']` for an orders-only shop). Channels not listed are
   * left out of the freshness table and their sections are left out of the report; a listed channel with no data
   * shows as "no data, late". Without it, the channels with data in the warehouse are the report's channels.
   */
  readonly channels?: readonly string[];
}

/** The header of the report. */
export interface KpiHeader {
  readonly asOf: string;
  readonly periodKind: PeriodKind;
  readonly period: Period;
  readonly previous: Period;
  readonly runId: string | null;
  /** Where the run id comes from, e.g. "this run" or "latest recorded run (success, started …)". */
  readonly runNote: string;
  readonly generatedAt: string;
  /** The as-of date the analytics tables were last built for (NULL: not built). */
  readonly analyticsAsOf: string | null;
  readonly freshness: readonly SourceFreshness[];
  /** Stale-source warnings the run recorded (pipeline `freshness` limits). */
  readonly warnings: readonly string[];
}

/** One built section. */
export interface BuiltSection {
  readonly id: string;
  readonly title: string;
  readonly definition: string;
  readonly view: SectionView;
}

/** The whole report as data; `renderKpiReport` turns it into HTML and chart files. */
export interface KpiReport {
  readonly header: KpiHeader;
  readonly sections: readonly BuiltSection[];
}

/**
 * Queries the warehouse for the header and every section. Writes nothing.
 * @throws Error naming the section whose query failed (the cause is kept); a missing upstream table is not an
 *   error, its section says "not computed yet".
 * @example const report = await buildKpiReport(wh, { asOf: '2026-11-02', period: 'week', generatedAt: new Date().toISOString() });
 */
export async function buildKpiReport(wh: Warehouse, params: KpiReportParams, sections: readonly ReportSection[] = kpiSections): Promise<KpiReport> {
  return withCatalogSnapshot(wh, () => build(wh, params, sections)); // ~20 table checks from one catalog read
}

async function build(wh: Warehouse, params: KpiReportParams, sections: readonly ReportSection[]): Promise<KpiReport> {
  const period = reportPeriod(params.asOf, params.period);
  const freshness = await sourceFreshness(wh, period.current.end, params.channels);
  const channels = new Set(params.channels ?? freshness.map((f) => f.channel));
  const built: BuiltSection[] = [];
  const shared = new Map<string, Promise<unknown>>(); // queries several sections read (order figures), run once per build
  for (const section of sections) {
    if (section.channel !== undefined && !channels.has(section.channel)) continue; // a channel the shop does not have: no empty panel
    try {
      const view = await section.build(wh, { asOf: params.asOf, period, shared });
      built.push(Object.freeze({ id: section.id, title: section.title, definition: section.definition, view }));
    } catch (cause) {
      throw new Error(`KPI report, section "${section.id}" (as of ${params.asOf}): ${(cause as Error).message}. Nothing was written.`, { cause });
    }
  }
  const run = params.runId === undefined ? await latestRun(wh) : null;
  const runId = params.runId ?? run?.runId ?? null;
  const header: KpiHeader = {
    asOf: params.asOf,
    periodKind: params.period,
    period: period.current,
    previous: period.previous,
    runId,
    runNote: params.runId !== undefined ? 'this run' : run ? `latest recorded run: ${run.status}, started ${run.startedAt} UTC` : 'no pipeline run recorded',
    generatedAt: params.generatedAt,
    analyticsAsOf: await analyticsAsOf(wh),
    freshness,
    warnings: await runDataWarnings(wh, runId),
  };
  return Object.freeze({ header: Object.freeze(header), sections: Object.freeze(built) });
}
