// Seeded pseudo-random numbers and the distributions drawn from them (the sample generator, the CLV simulator), so a seed fully fixes the output.

const TWO_POW_32 = 4_294_967_296;

/** Murmur3's 32-bit finaliser: a bijection on uint32 that spreads every input bit over the output. */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Folds numbers and labels into one 32-bit seed, so each (seed, stream, index) gets an unrelated stream.
 *
 * @example mixSeed(42, 'person', 7) // stream for person 7 of seed 42
 */
export function mixSeed(...parts: ReadonlyArray<number | string>): number {
  let h = 0x9e37_79b9;
  for (const part of parts) {
    if (typeof part === 'number') {
      // Safe integers above 2^32 (and negatives) keep their high bits instead of being truncated.
      h = fmix32(h ^ (part >>> 0)) + Math.floor(part / TWO_POW_32);
    } else {
      for (let i = 0; i < part.length; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x0100_0193);
    }
    h = fmix32(h);
  }
  return h;
}

/**
 * Small fast PRNG (sfc32) with the samplers the generator needs; deterministic for a given seed on any Node release
 * because V8 computes Math.log/exp/cos in software.
 *
 * @example const rng = new Prng(mixSeed(1, 'campaigns')); rng.gamma(2, 10);
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = fmix32(seed ^ 0x6a09_e667);
    this.b = fmix32(seed ^ 0xbb67_ae85);
    this.c = fmix32(seed ^ 0x3c6e_f372);
    this.d = 1;
    // sfc32 needs a few rounds before nearby seeds decorrelate.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** Next uniform unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.uint32() / TWO_POW_32;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Uniform float in [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** Index drawn from a list of cumulative weights ending at 1. */
  weighted(cumulative: readonly number[]): number {
    const u = this.next();
    for (let i = 0; i < cumulative.length; i++) if (u < (cumulative[i] as number)) return i;
    return cumulative.length - 1;
  }

  /** Exponential draw with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Standard normal draw (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Gamma(shape, scale) draw (Marsaglia-Tsang); mean is shape * scale. */
  gamma(shape: number, scale: number): number {
    if (shape < 1) return this.gamma(shape + 1, scale) * Math.pow(1 - this.next(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v0 = 1 + c * x;
      if (v0 <= 0) continue;
      const v = v0 * v0 * v0;
      const u = this.next();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /** Beta(a, b) draw via two gammas; mean is a / (a + b). */
  beta(a: number, b: number): number {
    const x = this.gamma(a, 1);
    return x / (x + this.gamma(b, 1));
  }
}
