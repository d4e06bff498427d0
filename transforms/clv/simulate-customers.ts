// Seeded simulation of BG/NBD purchase histories and Gamma-Gamma spend, for tests and model checks.

import type { BgNbdParams } from './bg-nbd-likelihood.js';
import type { GammaGammaParams } from './gamma-gamma-likelihood.js';
import { Prng } from '../../shared/prng.js';

/** Options for {@link simulateBgNbd}. */
export interface SimulateBgNbdOptions {
  /** Number of customers to draw. */
  readonly customers: number;
  /** Calibration length T per customer, or one T shared by all. */
  readonly T: number | ArrayLike<number>;
  /** Length of the holdout period after T in which purchases are also counted (default 0). */
  readonly holdoutLength?: number;
  /** Seed of the generator (`shared/prng.ts`, the one the sample generator uses). */
  readonly seed: number;
}

/** Simulated histories, one row per customer, with the latent quantities exposed for checks. */
export interface SimulatedBgNbd {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  /** Repeat purchases in (T, T + holdoutLength]. */
  readonly holdoutPurchases: Float64Array;
  /** 1 when the customer is still active at T. */
  readonly aliveAtT: Uint8Array;
  /** Latent purchase rate λ. */
  readonly lambda: Float64Array;
  /** Latent dropout probability p. */
  readonly p: Float64Array;
}

/**
 * Simulates the BG/NBD story: λ ~ Gamma(r, α), p ~ Beta(a, b); from the first purchase at time 0,
 * repeat purchases arrive as a Poisson process with rate λ, and after each repeat purchase the
 * customer drops out for good with probability p.
 *
 * Deterministic for a given seed. Pure: allocates and returns new arrays only.
 *
 * @throws RangeError when a parameter is not positive.
 * @example
 * const sim = simulateBgNbd({ r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, { customers: 1000, T: 39, seed: 7 });
 */
export function simulateBgNbd(params: BgNbdParams, options: SimulateBgNbdOptions): SimulatedBgNbd {
  assertPositive('simulateBgNbd', params);
  const n = options.customers;
  const random = new Prng(options.seed);
  const holdout = options.holdoutLength ?? 0;
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const holdoutPurchases = new Float64Array(n);
  const aliveAtT = new Uint8Array(n);
  const lambda = new Float64Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const Ti = typeof options.T === 'number' ? options.T : options.T[i]!;
    const rate = random.gamma(params.r, 1 / params.alpha); // Gamma(shape r, rate α) is scale 1/α
    const drop = random.beta(params.a, params.b);
    const end = Ti + holdout;
    let time = 0;
    let alive = 1;
    for (;;) {
      time += random.exponential(1 / rate);
      if (time > end) break;
      if (time <= Ti) {
        x[i]! += 1;
        tx[i] = time;
      } else {
        holdoutPurchases[i]! += 1;
      }
      if (random.chance(drop)) {
        if (time <= Ti) alive = 0;
        break;
      }
    }
    T[i] = Ti;
    aliveAtT[i] = alive;
    lambda[i] = rate;
    p[i] = drop;
  }
  return { x, tx, T, holdoutPurchases, aliveAtT, lambda, p };
}

/**
 * Simulates Gamma-Gamma spend: ν ~ Gamma(q, γ) per customer, then x[i] transactions of
 * Gamma(p, ν) each; returns each customer's mean transaction value (0 when x[i] = 0).
 *
 * @throws RangeError when a parameter is not positive.
 * @example
 * const monetary = simulateSpend({ p: 6.25, q: 3.74, gamma: 15.44 }, [1, 4, 0], 11);
 */
export function simulateSpend(params: GammaGammaParams, x: ArrayLike<number>, seed: number): Float64Array {
  assertPositive('simulateSpend', params);
  const random = new Prng(seed);
  const mean = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const scaleRate = random.gamma(params.q, 1 / params.gamma); // ν ~ Gamma(shape q, rate γ)
    const count = x[i]!;
    if (count === 0) continue;
    let total = 0;
    for (let j = 0; j < count; j++) total += random.gamma(params.p, 1 / scaleRate);
    mean[i] = total / count;
  }
  return mean;
}

// The generator's samplers loop forever or return NaN on a non-positive parameter, so refuse one up front.
function assertPositive(stage: string, params: object): void {
  for (const [name, value] of Object.entries(params)) {
    if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) throw new RangeError(`${stage}: ${name} must be positive and finite, got ${String(value)}`);
  }
}
