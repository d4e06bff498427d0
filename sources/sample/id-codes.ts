// Collision-free, random-looking identifiers derived from counters, so ids never repeat across persons or rows.

import { fmix32, mixSeed } from '../../shared/prng.js';

/** Multipliers coprime to every modulus used here (all are 10^k or 9 * 10^k), so the affine maps are bijections. */
const MULTIPLIERS = [7_919, 104_729, 130_363, 611_953, 746_773, 882_377, 999_983, 319_993] as const;

/**
 * Returns a bijection of [0, modulus) that looks random, so consecutive counters give unrelated-looking numbers that can
 * still never collide. `modulus` times the largest multiplier must stay below 2^53.
 *
 * @example const perm = affinePermutation(10_000_000, mixSeed(1, 'phone')); perm(0) !== perm(1)
 */
export function affinePermutation(modulus: number, seed: number): (index: number) => number {
  const multiplier = MULTIPLIERS[seed % MULTIPLIERS.length] as number;
  const offset = mixSeed(seed, 'offset') % modulus;
  return (index) => (multiplier * index + offset) % modulus;
}

/**
 * Returns a function turning a counter (< 2^32) into 8 hex characters; a bijection, so distinct counters give distinct ids.
 *
 * @example const hex = hexCode(mixSeed(1, 'events')); hex(0) // e.g. '3fa91c0b'
 */
export function hexCode(seed: number): (counter: number) => string {
  const key = mixSeed(seed, 'hex');
  return (counter) => {
    const h = fmix32((counter + key) >>> 0);
    // Byte lookups: toString(16) + padStart showed up as ~10% of a benchmark run.
    return `${HEX_BYTES[h >>> 24]}${HEX_BYTES[(h >>> 16) & 255]}${HEX_BYTES[(h >>> 8) & 255]}${HEX_BYTES[h & 255]}`;
  };
}

const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Left-pads a non-negative integer with zeros to `width` digits. */
export function padDigits(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
