// Validation and de-duplication of per-customer (x, t_x, T) triples so BG/NBD work scales with distinct histories.

import { ClvError } from './clv-error.js';

/** BG/NBD sufficient statistics with a weight per row; rows need not be distinct. */
export interface WeightedTriples {
  /** Number of repeat purchases in the calibration period (non-negative integer). */
  readonly x: Float64Array;
  /** Time of the last purchase, measured from the first purchase (0 when x = 0). */
  readonly tx: Float64Array;
  /** Customer age at the end of calibration, measured from the first purchase (T ≥ t_x). */
  readonly T: Float64Array;
  /** How many customers share this row (positive). */
  readonly count: Float64Array;
}

/** Distinct triples plus, for each input customer, the row of its triple. */
export interface CompressedTriples extends WeightedTriples {
  /** `index[i]` is the row in `x`/`tx`/`T`/`count` describing input customer i. */
  readonly index: Uint32Array;
}

/**
 * Checks one customer's (x, t_x, T) and throws a {@link ClvError} naming `stage` and the row.
 *
 * @throws ClvError when x is not a non-negative integer, t_x or T is not finite, t_x < 0,
 *   t_x > T, or x = 0 with t_x ≠ 0.
 * @example
 * assertValidTriple('fitBgNbd', 0, 2, 10.5, 39); // passes
 */
export function assertValidTriple(stage: string, row: number, x: number, tx: number, T: number): void {
  if (!(Number.isInteger(x) && x >= 0)) {
    throw new ClvError({ stage, field: 'x', row }, `expected a non-negative integer, got ${x}`);
  }
  if (!(Number.isFinite(tx) && tx >= 0)) {
    throw new ClvError({ stage, field: 'tx', row }, `expected a finite non-negative number, got ${tx}`);
  }
  if (!Number.isFinite(T)) throw new ClvError({ stage, field: 'T', row }, `expected a finite number, got ${T}`);
  if (tx > T) throw new ClvError({ stage, field: 'tx', row }, `t_x (${tx}) exceeds T (${T})`);
  if (x === 0 && tx !== 0) {
    throw new ClvError({ stage, field: 'tx', row }, `t_x must be 0 when x = 0, got ${tx}`);
  }
}

/**
 * Validates per-customer (x, t_x, T) and collapses identical triples into weighted rows.
 *
 * Runs in linear time with an open-addressing hash on the exact float bits, so millions of
 * customers compress in well under a second. Row order is the order of first appearance.
 *
 * @throws ClvError when the arrays differ in length or a triple is invalid
 *   (see {@link assertValidTriple}).
 * @example
 * const c = compressTriples([0, 2, 0], [0, 5, 0], [39, 39, 39]);
 * // c.x = [0, 2], c.count = [2, 1], c.index = [0, 1, 0]
 */
export function compressTriples(
  x: ArrayLike<number>,
  tx: ArrayLike<number>,
  T: ArrayLike<number>,
): CompressedTriples {
  const n = x.length;
  if (tx.length !== n || T.length !== n) {
    throw new ClvError(
      { stage: 'compressTriples', field: 'x/tx/T' },
      `arrays must have equal length, got ${n}, ${tx.length}, ${T.length}`,
    );
  }
  let capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  const mask = capacity - 1;
  const table = new Int32Array(capacity).fill(-1);
  const outX = new Float64Array(n);
  const outTx = new Float64Array(n);
  const outT = new Float64Array(n);
  const count = new Float64Array(n);
  const index = new Uint32Array(n);
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  let distinct = 0;

  const mix = (h: number, value: number): number => {
    bits[0] = value;
    h = Math.imul(h ^ words[0]!, 0x9e3779b1);
    h = Math.imul(h ^ words[1]!, 0x85ebca77);
    return h ^ (h >>> 15);
  };

  for (let i = 0; i < n; i++) {
    // `+ 0` folds -0 into 0 so that both land in one row and the output holds no -0.
    const xi = x[i]! + 0;
    const txi = tx[i]! + 0;
    const Ti = T[i]! + 0;
    assertValidTriple('compressTriples', i, xi, txi, Ti);
    let slot = mix(mix(mix(0x811c9dc5, xi), txi), Ti) & mask;
    for (;;) {
      const row = table[slot]!;
      if (row === -1) {
        table[slot] = distinct;
        outX[distinct] = xi;
        outTx[distinct] = txi;
        outT[distinct] = Ti;
        count[distinct] = 1;
        index[i] = distinct;
        distinct++;
        break;
      }
      if (outX[row] === xi && outTx[row] === txi && outT[row] === Ti) {
        count[row] = count[row]! + 1;
        index[i] = row;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return {
    x: outX.slice(0, distinct),
    tx: outTx.slice(0, distinct),
    T: outT.slice(0, distinct),
    count: count.slice(0, distinct),
    index,
  };
}
