// The segments list's small parts: change coloured by whether growth is good news and saying since when, and
// sparklines that place runs by their dates.
import { describe, expect, it } from 'vitest';
import { change, formatNames, sparkline } from '../../web/pages/segments.js';
import { segmentMeaning } from '../../web/segment-meaning.js';

const trend = (...points: [string, number][]) => points.map(([asOf, customers]) => ({ asOf, customers }));

describe('segments list', () => {
  it('shows growth of At Risk in red and growth of Champions in green, each saying since when', () => {
    const grew = trend(['2026-10-25', 100], ['2026-11-01', 129]);
    expect(change('At Risk', grew).toString()).toBe('<span class="bad">+29</span> <span class="muted nowrap">since 2026-10-25</span>');
    expect(change('Champions', grew).toString()).toBe('<span class="ok">+29</span> <span class="muted nowrap">since 2026-10-25</span>');
    expect(change('At Risk', trend(['2026-10-25', 129], ['2026-11-01', 100])).toString()).toContain('<span class="ok">-29</span>');
    expect(change('My custom segment', grew).toString()).toContain('<span class="muted">+29</span>'); // no known direction: grey
    expect(change('At Risk', trend(['2026-11-01', 5])).toString()).toBe('<span class="muted">first run</span>');
  });

  it('places sparkline points by date: runs a day apart sit close, a week apart far', () => {
    const svg = sparkline(trend(['2026-10-01', 10], ['2026-10-02', 20], ['2026-10-08', 30])).toString();
    // x = 1 + 98 * (days since the first / 7): 0, 1 and 7 days -> 1.0, 15.0, 99.0; y runs from 22 (low) to 2 (high).
    expect(/points="([^"]+)"/.exec(svg)?.[1]).toBe('1.0,22.0 15.0,12.0 99.0,2.0');
  });

  it('says in plain words what each segment of the default map means, and names formats by their use', () => {
    expect(segmentMeaning('At Risk')).toEqual({
      definition: 'Good customers (frequent or big spenders) who have not bought for a while (recency score 1-2, frequency and spend score 3-5).', better: 'down' });
    expect(segmentMeaning('About To Sleep')?.definition).toContain('(recency score 3-3, frequency and spend score 1-1 or recency score 2-2, frequency and spend score 2-2)');
    expect(segmentMeaning('Whatever')).toBeUndefined();
    expect(formatNames.csv).toBe('Excel-ready CSV');
    expect(formatNames.parquet).toBe('For data tools: Parquet');
  });
});
