// Renders a canonical email the way a given system or person wrote it: sometimes with capitals, sometimes padded with spaces.

import type { Prng } from '../../shared/prng.js';

/** Capitalises each letter run ("jane.doe42@gmail.com" -> "Jane.Doe42@Gmail.com"); rarely shouts the whole address. */
export function capitalise(address: string, rng: Prng): string {
  if (rng.chance(0.1)) return address.toUpperCase();
  let out = '';
  let atStart = true;
  for (const char of address) {
    const letter = char >= 'a' && char <= 'z';
    out += letter && atStart ? char.toUpperCase() : char;
    atStart = !letter;
  }
  return out;
}

/**
 * Returns `address` as written: with capitals with probability `mixedCase`, otherwise surrounded by spaces with
 * probability `padded` (one draw for both keeps this cheap on the hot path).
 *
 * @example spellEmail('jane.doe42@gmail.com', rng, 0.05, 0.02) // usually unchanged, sometimes ' jane.doe42@gmail.com'
 */
export function spellEmail(address: string, rng: Prng, mixedCase: number, padded: number): string {
  const u = rng.next();
  if (u < mixedCase) return capitalise(address, rng);
  if (u >= mixedCase + padded) return address;
  return [` ${address}`, `${address} `, `  ${address} `][rng.int(3)] as string;
}
