// The shared numerical Hessian (forward from a known gradient, central from values) and the positive-definite solver.
import { describe, expect, it } from 'vitest';
import { centralGradient, finiteDifferenceHessian, solvePositiveDefinite } from '../../../transforms/clv/hessian.js';

// f(x, y) = x² y + e^y: by hand ∂²f/∂x² = 2y, ∂²f/∂x∂y = 2x, ∂²f/∂y² = e^y.
const f = (p: Float64Array) => p[0]! ** 2 * p[1]! + Math.exp(p[1]!);
const gradient = (p: Float64Array, g: Float64Array) => { g[0] = 2 * p[0]! * p[1]!; g[1] = p[0]! ** 2 + Math.exp(p[1]!); };
const at = Float64Array.of(1.5, 0.5);
const exact = [[1, 3], [3, Math.exp(0.5)]];

describe('finiteDifferenceHessian', () => {
  it('matches the hand-derived Hessian from an analytic gradient (forward) and from values only (central)', () => {
    const g = new Float64Array(2);
    gradient(at, g);
    const forward = finiteDifferenceHessian(gradient, at, 1e-6, g);
    const central = finiteDifferenceHessian(centralGradient(f, 1e-3), at, 1e-3);
    for (const h of [forward, central]) for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(h[i]![j]).toBeCloseTo(exact[i]![j]!, 5);
    expect(central[0]![1]).toBe(central[1]![0]); // symmetrised
  });
});

describe('solvePositiveDefinite', () => {
  it('solves a positive-definite system and refuses an indefinite one', () => {
    // [[4, 2], [2, 3]] x = [2, 1] has x = [0.5, 0] (by hand: 4·0.5 + 2·0 = 2, 2·0.5 + 3·0 = 1).
    expect(Array.from(solvePositiveDefinite([Float64Array.of(4, 2), Float64Array.of(2, 3)], [2, 1])!)).toEqual([0.5, 0]);
    expect(solvePositiveDefinite([Float64Array.of(1, 2), Float64Array.of(2, 1)], [1, 1])).toBeUndefined();
  });
});
