// Writes figures and their change against the previous period as the short texts the report shows.
import type { Figure, FigureUnit } from '../report-section.js';

/** The change line under a figure: text plus whether it is good, bad or neither (for its colour). */
export interface ChangeText {
  readonly text: string;
  readonly tone: 'good' | 'bad' | 'neutral';
}

/**
 * Formats a value for display: counts with thousands separators, money with 2 decimals below 1,000 and none
 * above, rates as percentages with one decimal, plain numbers with 2 decimals; NULL as an em dash.
 * @example formatValue(0.1234, 'rate'); // '12.3%'
 */
export function formatValue(value: number | string | null, unit: FigureUnit | 'number' | 'text'): string {
  if (value === null) return '—';
  if (typeof value === 'string' || unit === 'text') return String(value);
  const fixed = (digits: number) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  switch (unit) {
    case 'count': return fixed(0);
    case 'money': return fixed(Math.abs(value) >= 1000 ? 0 : 2);
    case 'rate': return `${(value * 100).toFixed(1)}%`;
    case 'number': return fixed(2);
  }
}

/**
 * The second change line of a headline figure: against the same period a year earlier, or why there is none;
 * NULL for a figure without that comparison.
 * @example yearAgoText(figure)?.text; // '▲ 8.0% vs 2025-02-24 to 2025-03-02, a year earlier (1,480)'
 */
export function yearAgoText(f: Figure): ChangeText | null {
  if (f.yearAgo === undefined) return null;
  const { previous, previousLabel, missing } = f.yearAgo;
  if (missing !== undefined) return { text: `no comparison with ${previousLabel}: ${missing}`, tone: 'neutral' };
  return changeText({ ...f, previous, previousLabel });
}

/**
 * Says how a figure moved since its previous value: relative change for counts and money, percentage points
 * for rates, with ▲/▼ so the direction reads without colour.
 * @example changeText(figure); // { text: '▲ 12.5% vs 2026-10-19 to 2026-10-25 (1,600)', tone: 'good' }
 */
export function changeText(f: Figure): ChangeText {
  const against = f.previousLabel ? ` vs ${f.previousLabel}` : '';
  if (f.previous === null) return { text: f.previousLabel ? `no figure for ${f.previousLabel}` : 'no previous figure to compare with', tone: 'neutral' };
  const was = ` (${formatValue(f.previous, f.unit)})`;
  if (f.value === null) return { text: `no figure for this period${against}${was}`, tone: 'neutral' };
  const diff = f.value - f.previous;
  if (diff === 0) return { text: `= unchanged${against}`, tone: 'neutral' };
  const arrow = diff > 0 ? '▲' : '▼';
  const tone = f.better === 'neither' ? 'neutral' : (diff > 0) === (f.better === 'up') ? 'good' : 'bad';
  if (f.previous === 0 && f.unit !== 'rate') return { text: `${arrow} up from 0${against}`, tone };
  const shown = Math.abs(f.unit === 'rate' ? diff * 100 : (diff / Math.abs(f.previous)) * 100).toFixed(1);
  // A change that rounds to 0.0 is no news: never a green or red "▼ 0.0 pts".
  if (shown === '0.0') return { text: `≈ unchanged${against}${was}`, tone: 'neutral' };
  return { text: `${arrow} ${shown}${f.unit === 'rate' ? ' pts' : '%'}${against}${was}`, tone };
}
