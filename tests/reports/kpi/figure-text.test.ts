// Tests how figures and their change are written: units, arrows, percentage points and missing comparisons.
import { describe, expect, it } from 'vitest';
import { changeText, formatValue } from '../../../reports/kpi/figure-text.js';
import type { Figure } from '../../../reports/report-section.js';

const f = (value: number | null, previous: number | null, extra: Partial<Figure> = {}): Figure =>
  ({ label: 'x', value, previous, previousLabel: 'last week', unit: 'count', better: 'up', definition: '', ...extra });

describe('formatValue and changeText', () => {
  it('formats counts, money, rates and missing values', () => {
    expect([formatValue(12345, 'count'), formatValue(41.257, 'money'), formatValue(12345.6, 'money'), formatValue(0.1234, 'rate'), formatValue(null, 'rate')])
      .toEqual(['12,345', '41.26', '12,346', '12.3%', '—']);
  });

  it('writes a relative change with an arrow, coloured by whether up is good', () => {
    expect(changeText(f(150, 120))).toEqual({ text: '▲ 25.0% vs last week (120)', tone: 'good' });
    expect(changeText(f(90, 120, { better: 'down' }))).toEqual({ text: '▼ 25.0% vs last week (120)', tone: 'good' });
    expect(changeText(f(90, 120))).toEqual({ text: '▼ 25.0% vs last week (120)', tone: 'bad' });
  });

  it('writes rate changes in percentage points, and says when there is nothing to compare', () => {
    expect(changeText(f(0.3, 0.25, { unit: 'rate' }))).toEqual({ text: '▲ 5.0 pts vs last week (25.0%)', tone: 'good' });
    expect(changeText(f(5, 0))).toEqual({ text: '▲ up from 0 vs last week', tone: 'good' });
    expect(changeText(f(5, null, { previousLabel: '' }))).toEqual({ text: 'no previous figure to compare with', tone: 'neutral' });
    expect(changeText(f(5, 5))).toEqual({ text: '= unchanged vs last week', tone: 'neutral' });
  });
});

describe('changeText for changes too small to show', () => {
  it('says a change that rounds to 0.0 is unchanged, in grey, not a coloured arrow', () => {
    expect(changeText(f(0.2502, 0.25, { unit: 'rate' }))).toEqual({ text: '≈ unchanged vs last week (25.0%)', tone: 'neutral' });
    expect(changeText(f(0.2498, 0.25, { unit: 'rate', better: 'down' }))).toEqual({ text: '≈ unchanged vs last week (25.0%)', tone: 'neutral' });
    expect(changeText(f(100_001, 100_000))).toEqual({ text: '≈ unchanged vs last week (100,000)', tone: 'neutral' });
    expect(changeText(f(0.2506, 0.25, { unit: 'rate' }))).toEqual({ text: '▲ 0.1 pts vs last week (25.0%)', tone: 'good' });
  });
});
