// The executive summary at the top of the KPI report: the figures that moved most, each in one plain sentence
// saying whether that is good or bad, and what needs attention (late sources, run warnings, unreliable models).
import type { Figure } from '../report-section.js';
import type { BuiltSection, KpiHeader } from './build-kpi-report.js';
import { changeText, formatValue, yearAgoText } from './figure-text.js';

/** At most this many moves are listed (the issue asks for five to seven). */
export const SUMMARY_MOVES = 7;

/** One figure that moved, as a sentence. */
export interface SummaryMove {
  readonly sectionId: string;
  readonly label: string;
  readonly sentence: string;
  readonly tone: 'good' | 'bad' | 'neutral';
  /** How much it moved: relative change (rates: relative to their previous value), for the ranking. */
  readonly size: number;
}

/** The summary as data. */
export interface ExecutiveSummary {
  readonly moves: readonly SummaryMove[];
  /** Plain sentences; empty when nothing needs attention. */
  readonly attention: readonly string[];
}

/**
 * Ranks every figure with a value and a previous value by the size of its relative change (a move from 0 counts
 * as 100 %), drops those that round to unchanged, and keeps the biggest {@link SUMMARY_MOVES}. Figures flagged
 * unreliable are left out of the moves (they are listed under attention instead).
 * @example executiveSummary(report.header, report.sections).moves[0]!.sentence; // 'Net revenue (EUR) rose 40.0% to 175.00, ...'
 */
export function executiveSummary(header: KpiHeader, sections: readonly BuiltSection[]): ExecutiveSummary {
  const moves: SummaryMove[] = [];
  for (const s of sections) {
    if (s.view.reliability?.level === 'unreliable') continue;
    for (const f of s.view.figures) {
      if (f.value === null || f.previous === null || f.value === f.previous || f.comparedWith === 'group') continue;
      const change = changeText(f);
      if (change.text.startsWith('≈') || change.text.startsWith('=')) continue; // rounds to unchanged: no news
      const size = f.previous === 0 ? 1 : Math.abs((f.value - f.previous) / f.previous);
      moves.push({ sectionId: s.id, label: f.label, sentence: moveSentence(f, change.tone), tone: change.tone, size });
    }
  }
  moves.sort((a, b) => b.size - a.size || a.label.localeCompare(b.label));
  return Object.freeze({ moves: Object.freeze(moves.slice(0, SUMMARY_MOVES)), attention: Object.freeze(attention(header, sections)) });
}

/** "Net revenue (EUR): rose 40.0% to 175.00, from 125.00 in 2026-02-16 to 2026-02-22: good news." */
function moveSentence(f: Figure, tone: SummaryMove['tone']): string {
  const up = f.value! > f.previous!;
  const by = f.unit === 'rate'
    ? `${Math.abs((f.value! - f.previous!) * 100).toFixed(1)} points`
    : f.previous === 0 ? '' : `${Math.abs(((f.value! - f.previous!) / f.previous!) * 100).toFixed(1)}%`;
  const verb = up ? 'rose' : 'fell';
  const verdict = tone === 'good' ? ': good news.' : tone === 'bad' ? ': needs attention.' : '.';
  const from = f.previousLabel ? ` in ${f.previousLabel.replace(/^snapshot as of/, 'the snapshot of')}` : '';
  return `${f.label}: ${verb}${by ? ` ${by}` : ''} to ${formatValue(f.value, f.unit)}, from ${formatValue(f.previous, f.unit)}${from}${verdict}${yearAgoClause(f)}`;
}

/** " Against 2025-02-24 to 2025-03-02, a year earlier: ▲ 12.0% (156.25)." when the figure has that comparison. */
function yearAgoClause(f: Figure): string {
  const ago = f.yearAgo?.previous === null ? null : yearAgoText(f);
  return ago === null ? '' : ` Against ${f.yearAgo!.previousLabel}: ${ago.text.replace(` vs ${f.yearAgo!.previousLabel}`, '')}.`;
}

function attention(header: KpiHeader, sections: readonly BuiltSection[]): string[] {
  const out: string[] = [];
  if (header.analyticsAsOf === null) out.push('The analytics have not been built yet: run the daily pipeline.');
  else if (header.analyticsAsOf !== header.asOf) out.push(`The analytics were built as of ${header.analyticsAsOf}, not ${header.asOf}: some figures may not match.`);
  for (const f of header.freshness) {
    if (!f.late) continue;
    out.push(f.newestRecord === null
      ? `Source ${f.source} (${f.channel}) has no data: its figures are missing.`
      : `Source ${f.source} (${f.channel}) is late: its newest record is from ${f.newestRecord.slice(0, 10)}, so its figures may be incomplete.`);
  }
  out.push(...header.warnings);
  // Sections sharing one model share its caveat: said once, naming them all.
  const caveats = new Map<string, string[]>();
  for (const s of sections) {
    const r = s.view.reliability;
    if (r && r.level !== 'ok') caveats.set(r.text, [...(caveats.get(r.text) ?? []), s.title]);
  }
  for (const [text, titles] of caveats) out.push(`${titles.join(', ')}: ${text}`);
  const pending = sections.filter((s) => s.view.chart?.kind === 'empty' && s.view.chart.reason === 'not-computed').map((s) => s.title);
  if (pending.length > 0) out.push(`Not computed yet: ${pending.join(', ')} (the technical notes at the end say what is missing).`);
  return [...new Set(out)];
}
