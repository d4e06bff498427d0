// Rendering run events: a live status line on a terminal, throttled lines in a log file, JSON lines for machines.
import { describe, expect, it } from 'vitest';
import { createRunLog } from '../../cli/run-log.js';
import type { RunEvent } from '../../runner/run-events.js';

const progress = (done: number, elapsedMs: number): RunEvent =>
  ({ type: 'progress', runId: 'r1', pipeline: 'daily', step: 'extract:orders', done, total: 60_000, unit: 'rows', elapsedMs });
const stepEnd: RunEvent = { type: 'step-end', runId: 'r1', pipeline: 'daily', step: 'extract:orders', status: 'success', ms: 3200, attempts: 1, rowsIn: 60_000 };

describe('createRunLog', () => {
  it('rewrites one status line on a terminal with rows, percent and elapsed time, and clears it before the next line', () => {
    const raw: string[] = [];
    const lines: string[] = [];
    const log = createRunLog({ tty: true, write: (l) => lines.push(l), writeRaw: (t) => raw.push(t) });
    log.event(progress(12_000, 3200));
    log.event(progress(30_000, 6400));
    log.event(stepEnd);
    expect(raw).toEqual([
      '\r\x1b[Kextract:orders: 12,000 / 60,000 rows (20%), 3.2 s',
      '\r\x1b[Kextract:orders: 30,000 / 60,000 rows (50%), 6.4 s',
      '\r\x1b[K',
    ]);
    expect(lines).toEqual(['extract:orders: done in 3.2 s (rows in 60000)']);
  });

  it('prints progress as plain lines at most every 5 s when not a terminal, with time stamps when asked', () => {
    const lines: string[] = [];
    let now = Date.parse('2026-01-01T00:00:00Z');
    const log = createRunLog({ timestamps: true, showPipeline: true, write: (l) => lines.push(l), now: () => new Date(now) });
    log.event(progress(1_000, 100));
    now += 1000;
    log.event(progress(2_000, 1100));
    now += 5000;
    log.event(progress(30_000, 6100));
    expect(lines).toEqual([
      '2026-01-01T00:00:00.000Z [daily] extract:orders: 1,000 / 60,000 rows (1%), 0.1 s',
      '2026-01-01T00:00:06.000Z [daily] extract:orders: 30,000 / 60,000 rows (50%), 6.1 s',
    ]);
  });

  it('writes JSON lines with a time field', () => {
    const lines: string[] = [];
    createRunLog({ json: true, write: (l) => lines.push(l), now: () => new Date('2026-01-01T00:00:00Z') }).event(stepEnd);
    expect(JSON.parse(lines[0]!)).toEqual({ time: '2026-01-01T00:00:00.000Z', ...stepEnd });
  });
});
