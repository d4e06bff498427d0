// Tests for validating and de-duplicating per-customer (x, t_x, T) triples.

import { describe, expect, it } from 'vitest';
import { ClvError } from '../../../transforms/clv/clv-error.js';
import { compressTriples } from '../../../transforms/clv/compress-triples.js';

describe('compressTriples', () => {
  it('collapses identical triples into weighted rows and maps every customer to its row', () => {
    const c = compressTriples([0, 2, 0, 2, 1, 0], [0, 5, 0, 5, 5, -0], [39, 39, 39, 39, 39, 38]);
    expect(Array.from(c.x)).toEqual([0, 2, 1, 0]);
    expect(Array.from(c.tx)).toEqual([0, 5, 5, 0]);
    expect(Array.from(c.T)).toEqual([39, 39, 39, 38]);
    expect(Array.from(c.count)).toEqual([2, 2, 1, 1]);
    expect(Array.from(c.index)).toEqual([0, 1, 0, 1, 2, 3]);
  });

  it('keeps every row distinct when histories differ and handles many rows', () => {
    const n = 50_000;
    const x = Float64Array.from({ length: n }, (_, i) => i % 7);
    const tx = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : (i % 13) + 0.5));
    const T = new Float64Array(n).fill(40);
    const c = compressTriples(x, tx, T);
    expect(c.x.length).toBe(1 + 6 * 13); // x = 0 rows collapse; x > 0 rows span 13 t_x values
    expect(c.count.reduce((s, v) => s + v, 0)).toBe(n);
    for (let i = 0; i < n; i += 997) {
      const row = c.index[i]!;
      expect([c.x[row], c.tx[row], c.T[row]]).toEqual([x[i], tx[i], T[i]]);
    }
  });

  it.each([
    [[1.5], [0], [3], /x row 0: expected a non-negative integer/],
    [[1], [4], [3], /tx row 0: t_x \(4\) exceeds T \(3\)/],
    [[0], [1], [3], /t_x must be 0 when x = 0/],
    [[1], [NaN], [3], /tx row 0/],
    [[1], [1], [Infinity], /T row 0/],
  ])('rejects an invalid triple x=%j tx=%j T=%j and names the row', (x, tx, T, message) => {
    expect(() => compressTriples(x, tx, T)).toThrow(ClvError);
    expect(() => compressTriples(x, tx, T)).toThrow(message);
  });

  it('rejects arrays of different lengths', () => {
    expect(() => compressTriples([1, 2], [0], [3, 4])).toThrow(/equal length/);
  });
});
