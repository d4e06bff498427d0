// Finding the scheduled time missed during downtime, with node-cron's own matcher and time zones.
import cron from 'node-cron';
import { describe, expect, it } from 'vitest';
import { findMissedSlot, hasSecondsField } from '../../runner/missed-run.js';

const matcher = (expression: string, timezone = 'UTC') => {
  const task = cron.createTask(expression, () => {}, { timezone });
  return (d: Date) => task.match(d);
};
const at = (iso: string) => new Date(iso);

describe('findMissedSlot', () => {
  it('finds the latest slot between the last run and now', () => {
    expect(findMissedSlot(matcher('0 6 * * *'), false, at('2026-03-01T06:00:05Z'), at('2026-03-03T09:30:00Z')))
      .toEqual({ missed: true, slot: at('2026-03-03T06:00:00Z') });
  });

  it('misses nothing when the last run started after the latest slot, or the pipeline never ran', () => {
    expect(findMissedSlot(matcher('0 6 * * *'), false, at('2026-03-03T06:00:01Z'), at('2026-03-03T09:30:00Z'))).toEqual({ missed: false });
    expect(findMissedSlot(matcher('0 6 * * *'), false, undefined, at('2026-03-03T09:30:00Z'))).toEqual({ missed: false });
  });

  it('leaves the slot of the current minute to the live scheduler', () => {
    expect(findMissedSlot(matcher('30 9 * * *'), false, at('2026-03-02T10:00:00Z'), at('2026-03-03T09:30:20Z')))
      .toEqual({ missed: false });
  });

  it('reads the schedule in the pipeline time zone', () => {
    // 06:00 in Paris is 05:00 UTC in winter.
    expect(findMissedSlot(matcher('0 6 * * *', 'Europe/Paris'), false, at('2026-01-01T00:00:00Z'), at('2026-01-02T05:30:00Z')))
      .toEqual({ missed: true, slot: at('2026-01-02T05:00:00Z') });
  });

  it('walks seconds for six-field schedules', () => {
    expect(hasSecondsField('*/10 * * * * *')).toBe(true);
    expect(hasSecondsField('0 6 * * *')).toBe(false);
    expect(findMissedSlot(matcher('*/10 * * * * *'), true, at('2026-01-01T00:00:01Z'), at('2026-01-01T00:00:25Z')))
      .toEqual({ missed: true, slot: at('2026-01-01T00:00:20Z') });
  });

  it('assumes a run was missed when the last run is older than the window it searches', () => {
    expect(findMissedSlot(matcher('0 0 1 1 *'), false, at('2024-02-01T00:00:00Z'), at('2026-06-01T00:00:00Z')))
      .toEqual({ missed: true, slot: undefined });
  });
});
