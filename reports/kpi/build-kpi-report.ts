// Builds the KPI report as data: the header facts and every section's figures, chart spec or table.
import type { Warehouse } from '../../warehouse/warehouse.js';
import { reportPeriod, type Period, type PeriodKind } from '../period.js';
import type { GlossaryEntry, ReportSection, SectionView } from '../report-section.js';
import { mergeGlossary } from '../glossary.js';
import { executiveSummary, type ExecutiveSummary } from './executive-summary.js';
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
  /** Ids of the sections to show, in report order; all when omitted. An unknown id is an error naming the known ones. */
  readonly sections?: readonly string[];
  /** The analyst's note for this issue of the report, shown under the summary (plain text; blank lines split paragraphs). */
  readonly commentary?: string;
}

/** The header of the report. */
export interface KpiHeader {
  readonly asOf: string;
  readonly periodKind: PeriodKind;
  readonly period: Period;
  readonly previous: Period;
  /** The same period a year earlier: the headline order and customer figures are compared with it too. */
  readonly yearAgo: Period;
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

/** Why a section shows no figures yet, in technical terms (table and column names), for the glossary's notes. */
export interface TechnicalNote {
  readonly sectionId: string;
  readonly title: string;
  readonly note: string;
}

/** The whole report as data; `renderKpiReport` turns it into HTML and chart files. */
export interface KpiReport {
  readonly header: KpiHeader;
  /** The moves and the points needing attention, above the sections. */
  readonly summary: ExecutiveSummary;
  /** The analyst's commentary, NULL when none was given. */
  readonly commentary: string | null;
  readonly sections: readonly BuiltSection[];
  /** The technical names behind the sections, each once, sorted. */
  readonly glossary: readonly GlossaryEntry[];
  /** The sections waiting for a table, with the table and what builds it. */
  readonly technicalNotes: readonly TechnicalNote[];
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
  const glossary: GlossaryEntry[] = [];
  const shared = new Map<string, Promise<unknown>>(); // queries several sections read (order figures), run once per build
  for (const section of chosen(sections, params.sections)) {
    if (section.channel !== undefined && !channels.has(section.channel)) continue; // a channel the shop does not have: no empty panel
    try {
      const view = await section.build(wh, { asOf: params.asOf, period, shared });
      built.push(Object.freeze({ id: section.id, title: section.title, definition: section.definition, view }));
      glossary.push(...(section.glossary ?? []));
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
    yearAgo: period.yearAgo,
    runId,
    runNote: params.runId !== undefined ? 'this run' : run ? `latest recorded run: ${run.status}, started ${run.startedAt} UTC` : 'no pipeline run recorded',
    generatedAt: params.generatedAt,
    analyticsAsOf: await analyticsAsOf(wh),
    freshness,
    warnings: await runDataWarnings(wh, runId),
  };
  const technicalNotes = built.flatMap((s) => (s.view.chart?.kind === 'empty' && s.view.chart.reason === 'not-computed'
    ? [Object.freeze({ sectionId: s.id, title: s.title, note: s.view.chart.message })] : []));
  const commentary = params.commentary?.trim() ? params.commentary.trim() : null;
  return Object.freeze({
    header: Object.freeze(header), summary: executiveSummary(header, built), commentary, sections: Object.freeze(built),
    glossary: Object.freeze(mergeGlossary(glossary)), technicalNotes: Object.freeze(technicalNotes),
  });
}

/** The sections `ids` names, in report order; all without `ids`. */
function chosen(sections: readonly ReportSection[], ids: readonly string[] | undefined): readonly ReportSection[] {
  if (ids === undefined) return sections;
  const unknown = ids.filter((id) => !sections.some((s) => s.id === id));
  if (unknown.length > 0) throw new Error(`KPI report: unknown section ${unknown.join(', ')}; expected some of ${sections.map((s) => s.id).join(', ')}`);
  return sections.filter((s) => ids.includes(s.id));
}
