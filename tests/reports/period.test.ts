// Tests reportPeriod: the last complete ISO week or calendar month before the as-of date, and the trend before it.
import { describe, expect, it } from 'vitest';
import { reportPeriod, TREND_PERIODS } from '../../reports/period.js';

describe('reportPeriod', () => {
  it('picks the last complete Monday-to-Sunday week before a mid-week as-of date', () => {
    const p = reportPeriod('2026-11-04', 'week');
    expect(p.current).toEqual({ start: '2026-10-26', end: '2026-11-02', label: '2026-10-26 to 2026-11-01' });
    expect(p.previous.start).toBe('2026-10-19');
  });

  it('treats a Monday as-of date as the end of the week before it', () => {
    expect(reportPeriod('2026-11-02', 'week').current.start).toBe('2026-10-26');
  });

  it('picks the last complete month, across a year boundary for the previous one', () => {
    const p = reportPeriod('2026-02-15', 'month');
    expect(p.current).toEqual({ start: '2026-01-01', end: '2026-02-01', label: 'January 2026' });
    expect(p.previous).toEqual({ start: '2025-12-01', end: '2026-01-01', label: 'December 2025' });
  });

  it('picks the last complete calendar quarter, and twelve quarters of trend', () => {
    const p = reportPeriod('2026-02-15', 'quarter');
    expect(p.current).toEqual({ start: '2025-10-01', end: '2026-01-01', label: 'Q4 2025' });
    expect(p.previous).toEqual({ start: '2025-07-01', end: '2025-10-01', label: 'Q3 2025' });
    expect(p.trend[0]!.start).toBe('2023-01-01');
    expect(reportPeriod('2026-04-01', 'quarter').current.label).toBe('Q1 2026');
  });

  it('lists the trend periods oldest first, each ending where the next starts', () => {
    const { trend } = reportPeriod('2026-03-31', 'month');
    expect(trend).toHaveLength(TREND_PERIODS);
    expect(trend[0]!.start).toBe('2025-03-01');
    for (let i = 1; i < trend.length; i++) expect(trend[i]!.start).toBe(trend[i - 1]!.end);
  });

  it('gives the same period a year earlier: the week 52 weeks before (Monday to Sunday), the same month or quarter', () => {
    expect(reportPeriod('2026-03-02', 'week').yearAgo).toEqual({ start: '2025-02-24', end: '2025-03-03', label: '2025-02-24 to 2025-03-02' });
    expect(reportPeriod('2026-03-02', 'month').yearAgo).toEqual({ start: '2025-02-01', end: '2025-03-01', label: 'February 2025' });
    expect(reportPeriod('2026-04-01', 'quarter').yearAgo).toEqual({ start: '2025-01-01', end: '2025-04-01', label: 'Q1 2025' });
  });

  it('rejects a date that does not exist', () => {
    expect(() => reportPeriod('2026-02-30', 'week')).toThrow('expected an as-of date as YYYY-MM-DD, got "2026-02-30"');
  });
});
