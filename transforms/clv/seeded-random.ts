// Seeded pseudo-random generator and the samplers (normal, gamma, beta) used to simulate customers.

/** A source of uniform numbers in the open interval (0, 1). */
export type UniformSource = () => number;

/**
 * Creates the mulberry32 generator: fast, 32-bit state, deterministic for a given seed.
 *
 * Values are offset by half a step so they are never exactly 0 or 1, which keeps `Math.log(u)` finite.
 * Good enough for simulation tests; not for cryptography.
 *
 * @example
 * const random = mulberry32(42);
 * random(); // same value on every run
 */
export function mulberry32(seed: number): UniformSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296);
  };
}

/**
 * Draws a standard normal variate with the Box-Muller transform.
 *
 * @example
 * sampleStandardNormal(mulberry32(1));
 */
export function sampleStandardNormal(random: UniformSource): number {
  return Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Draws from Gamma(shape, rate) (mean shape/rate) with Marsaglia & Tsang's (2000) method.
 *
 * Shapes below 1 use the boost Gamma(k) = Gamma(k+1) · U^{1/k}.
 *
 * @throws RangeError when shape or rate is not a positive finite number.
 * @example
 * sampleGamma(mulberry32(1), 0.24, 4.4); // a purchase rate λ for one simulated customer
 */
export function sampleGamma(random: UniformSource, shape: number, rate: number): number {
  if (!(shape > 0 && rate > 0 && Number.isFinite(shape) && Number.isFinite(rate))) {
    throw new RangeError(`sampleGamma: shape and rate must be positive and finite, got ${shape}, ${rate}`);
  }
  if (shape < 1) return sampleGamma(random, shape + 1, rate) * Math.pow(random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = sampleStandardNormal(random);
    const base = 1 + c * z;
    if (base <= 0) continue;
    const v = base * base * base;
    const u = random();
    if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) {
      return (d * v) / rate;
    }
  }
}

/**
 * Draws from Beta(a, b) as G₁/(G₁ + G₂) with G₁ ~ Gamma(a), G₂ ~ Gamma(b).
 *
 * @throws RangeError when a or b is not a positive finite number.
 * @example
 * sampleBeta(mulberry32(1), 0.79, 2.4); // a dropout probability p for one simulated customer
 */
export function sampleBeta(random: UniformSource, a: number, b: number): number {
  const g1 = sampleGamma(random, a, 1);
  const g2 = sampleGamma(random, b, 1);
  return g1 / (g1 + g2);
}
