// Which errors the runner retries, and which secrets it keeps out of the run record.
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../runner/redact-secrets.js';
import { isTransient, PermanentError, TransientError } from '../../runner/transient-error.js';

describe('isTransient', () => {
  it.each([
    ['a TransientError', new TransientError('rate limited'), true],
    ['a PermanentError', new PermanentError('bad mapping'), false],
    ['a network error code', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), true],
    ['fetch failing on a socket (cause)', new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET' }) }), true],
    ['an HTTP 503', Object.assign(new Error('Service Unavailable'), { status: 503 }), true],
    ['an HTTP 404', Object.assign(new Error('Not Found'), { status: 404 }), false],
    ['a DuckDB file lock conflict', new Error('IO Error: Could not set lock on file "w.duckdb": Conflicting lock is held in node (PID 7)'), true],
    ['a DuckDB write-write conflict', new Error('TransactionContext Error: Catalog write-write conflict on alter with "t"'), true],
    ['a wrapped conflict marked permanent', new PermanentError('gave up', { cause: Object.assign(new Error('x'), { code: 'ETIMEDOUT' }) }), false],
    ['a plain error', new Error('column "amount" not found'), false],
    ['a string', 'oops', false],
  ])('%s -> %s', (_, error, expected) => {
    expect(isTransient(error)).toBe(expected);
  });
});

describe('redactSecrets', () => {
  it('replaces secret keys, URL passwords and token parameters, and keeps the rest', () => {
    expect(redactSecrets({
      url: 'postgres://app:hunter2@db.internal:5432/shop',
      api: 'https://api.example/v1?page=2&access_token=abc&x=1',
      password: 'pw', apiKey: 'k', nested: [{ clientSecret: 's', table: 'orders' }], asOf: '2026-01-01',
    })).toEqual({
      url: 'postgres://app:***@db.internal:5432/shop',
      api: 'https://api.example/v1?page=2&access_token=***&x=1',
      password: '***', apiKey: '***', nested: [{ clientSecret: '***', table: 'orders' }], asOf: '2026-01-01',
    });
  });
});
