// RapportError: the place an error happened as fields, filled in on the way up, printed one way.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/load-config.js';
import { UsageError } from '../../cli/command.js';
import { isTransient, PermanentError, TransientError } from '../../runner/transient-error.js';
import { errorContext, errorJson, formatError, RapportError, withContext } from '../../shared/rapport-error.js';
import { SegmentFilterError } from '../../sinks/segment-filter.js';
import { ClvError } from '../../transforms/clv/clv-error.js';

describe('RapportError', () => {
  it('is the base of every error class the stages throw, which keep their names', () => {
    const errors = [new ConfigError('c'), new UsageError('u'), new TransientError('t'), new PermanentError('p'), new SegmentFilterError('s'),
      new ClvError({ stage: 'fitBgNbd', field: 'tx', row: 3 }, 't_x (5) exceeds T (4)')];
    for (const e of errors) expect(e, e.name).toBeInstanceOf(RapportError);
    expect(errors.map((e) => e.name)).toEqual(['ConfigError', 'UsageError', 'TransientError', 'PermanentError', 'SegmentFilterError', 'ClvError']);
    expect(errorContext(errors[5])).toEqual({ location: 'clv.fitBgNbd.tx', row: 3 });
  });

  it('keeps the fields an error set and adds the step\'s stage and run id at the boundary', () => {
    const inner = new RapportError('orders.csv row 7: amount "x" is not a number', { source: 'orders', location: 'orders.csv', row: 7, stage: 'load' });
    const same = withContext(inner, { stage: 'extract:orders', runId: 'run-1' });
    expect(same).toBe(inner);
    expect(errorContext(same)).toEqual({ stage: 'load', runId: 'run-1', source: 'orders', location: 'orders.csv', row: 7 });
  });

  it('wraps any other error with its message and cause, so transient flags and codes still count', () => {
    const socket = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const wrapped = withContext(socket, { stage: 'extract:api', runId: 'run-2' });
    expect(wrapped).toBeInstanceOf(RapportError);
    expect(wrapped.message).toBe(socket.message);
    expect(wrapped.cause).toBe(socket);
    expect(isTransient(wrapped)).toBe(true);
    expect(errorContext(wrapped)).toEqual({ stage: 'extract:api', runId: 'run-2' });
    // Fields deeper in the cause chain count too.
    const outer = new Error('step failed', { cause: new RapportError('bad row', { source: 'shop', row: 'o-17' }) });
    expect(errorContext(withContext(outer, { stage: 's' }))).toEqual({ stage: 's', source: 'shop', row: 'o-17' });
  });

  it('prints the message, then the place on its own line, and as JSON with the fields that are set', () => {
    const context = { stage: 'extract:orders', runId: 'run-1', source: 'orders', location: 'orders.csv', row: 7 };
    expect(formatError('amount "x" is not a number', context)).toBe('amount "x" is not a number\n(stage extract:orders, run run-1, source orders, at orders.csv, row 7)');
    expect(formatError('no config', {})).toBe('no config');
    expect(errorJson('m', { stage: 's', row: 0 })).toEqual({ message: 'm', stage: 's', row: 0 });
  });
});
