/**
 * A seeded random number generator that gives the same numbers on every platform, for the
 * Monte Carlo functions. Pure maths, no I/O.
 *
 * - Generator: xoshiro128** 1.1 (David Blackman and Sebastiano Vigna, 2018; reference C code
 *   https://prng.di.unimi.it/xoshiro128starstar.c). 128-bit state of four 32-bit words;
 *   each step returns one 32-bit word:
 *     result = rotl(s1 × 5, 7) × 9;  t = s1 << 9;
 *     s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11).
 *   All arithmetic is on 32-bit integers (Math.imul, >>>), so the word stream is exact in every
 *   JavaScript engine. From the state [1, 2, 3, 4] the reference code's first outputs are
 *   11520, 0, 5927040, 70819200, 2031721883, … (a test pins them).
 * - Seeding: SplitMix64 (Sebastiano Vigna, https://prng.di.unimi.it/splitmix64.c), the
 *   seeding its authors recommend: a seed (a whole number 0 … 2^53 − 1) is the SplitMix64
 *   state; its first two 64-bit outputs z₁, z₂ give the state words
 *   [low32(z₁), high32(z₁), low32(z₂), high32(z₂)]. SplitMix64 from 1234567 gives
 *   6457827717110365317, 3203168211198807973, … (Rosetta Code "Pseudo-random
 *   numbers/Splitmix64"; a test pins them). Its outputs are never all zero together, the one
 *   state xoshiro cannot leave.
 * - Uniform: u = (x + 0.5) / 2^32 for one 32-bit output x, so 0 < u < 1 (never 0 or 1).
 * - Normal: Marsaglia's polar method on pairs of uniforms: v₁ = 2u₁ − 1, v₂ = 2u₂ − 1,
 *   q = v₁² + v₂²; a pair with q ≥ 1 is rejected and the next pair drawn (21.5% of pairs; after
 *   MAX_POLAR_TRIES rejections in a row, a chance below 1e-66, it stops with an error rather
 *   than loop on). An accepted pair gives z₁ = v₁ f and z₂ = v₂ f, f = √(−2 ln q / q), used
 *   in that order. (q > 0 always: v is never exactly 0.)
 *   The integer stream is bit-exact everywhere; the normals go through Math.log and
 *   Math.sqrt, and ECMAScript lets engines round Math.log in its last bit, so two engines agree to
 *   about 1e-15 relative, not always bit for bit (one engine always repeats itself).
 */
import { ModelError } from "./errors";
import { MAX_SEED } from "./simulationLimits";

/** Most rejected pairs in a row the polar method tries before it gives up (never reached in practice). */
export const MAX_POLAR_TRIES = 100;

// Largest seed accepted (2^53 − 1): ./simulationLimits (kept apart for functions.js's first load).
export { MAX_SEED };

const TWO_POW_32 = 4_294_967_296;
const MASK_64 = (BigInt(1) << BigInt(64)) - BigInt(1);
const GOLDEN_GAMMA = BigInt("0x9e3779b97f4a7c15");
const MIX_1 = BigInt("0xbf58476d1ce4e5b9");
const MIX_2 = BigInt("0x94d049bb133111eb");
const MASK_32 = BigInt(0xffffffff);

/**
 * SplitMix64 from `seed`: the first `count` outputs, as unsigned 64-bit BigInts.
 * z = (state += 0x9e3779b97f4a7c15); z = (z ^ z >> 30) × 0xbf58476d1ce4e5b9;
 * z = (z ^ z >> 27) × 0x94d049bb133111eb; output z ^ z >> 31 (all mod 2^64).
 */
export function splitMix64(seed: number, count: number): bigint[] {
  checkSeed(seed);
  let state = BigInt(seed);
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    state = (state + GOLDEN_GAMMA) & MASK_64;
    let z = state;
    z = ((z ^ (z >> BigInt(30))) * MIX_1) & MASK_64;
    z = ((z ^ (z >> BigInt(27))) * MIX_2) & MASK_64;
    out.push(z ^ (z >> BigInt(31)));
  }
  return out;
}

function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED)
    throw new ModelError("value", `seed must be a whole number ≥ 0 and ≤ ${MAX_SEED}; got ${seed}.`);
}

function tooManyRejections(): never {
  throw new ModelError("num", `internal error: the polar method rejected ${MAX_POLAR_TRIES} pairs in a row.`);
}

/** The xoshiro128** state words for `seed` (see the module comment). */
export function seedWords(seed: number): [number, number, number, number] {
  const [z1, z2] = splitMix64(seed, 2);
  return [
    Number(z1 & MASK_32),
    Number((z1 >> BigInt(32)) & MASK_32),
    Number(z2 & MASK_32),
    Number((z2 >> BigInt(32)) & MASK_32),
  ];
}

/** xoshiro128** with the Marsaglia polar normal transform (see the module comment). */
export class Xoshiro128StarStar {
  /** s0 … s3 as signed 32-bit words (an Int32Array keeps them unboxed: the loop is hot). */
  private readonly s = new Int32Array(4);
  /** The second normal of the last accepted pair, waiting to be used. */
  private spare = 0;
  private hasSpare = false;

  /** From four 32-bit state words (not all zero). */
  constructor(words: readonly [number, number, number, number]) {
    for (let i = 0; i < 4; i++) this.s[i] = words[i];
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0)
      throw new ModelError("value", "xoshiro128** state must not be all zero.");
  }

  /** The generator seeded from a whole number through SplitMix64. */
  static fromSeed(seed: number): Xoshiro128StarStar {
    return new Xoshiro128StarStar(seedWords(seed));
  }

  /** The next 32-bit output, 0 … 2^32 − 1. */
  nextUint32(): number {
    const s = this.s;
    const s1 = s[1];
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    const s2 = s[2] ^ s[0];
    const s3 = s[3] ^ s1;
    s[1] = s1 ^ s2;
    s[0] ^= s3;
    s[2] = s2 ^ t;
    s[3] = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /**
   * Fills out[0 … count − 1] with the next `count` standard normals: exactly the numbers
   * `count` calls of nextNormal() would give, in the same order (a faster loop, state in locals).
   */
  fillNormals(out: Float64Array, count: number): void {
    const s = this.s;
    let s0 = s[0];
    let s1 = s[1];
    let s2 = s[2];
    let s3 = s[3];
    let i = 0;
    let rejected = 0;
    if (count > 0 && this.hasSpare) {
      out[i++] = this.spare;
      this.hasSpare = false;
    }
    while (i < count) {
      // Two xoshiro128** steps, inlined: u1 then u2.
      let x = Math.imul(s1, 5);
      const a = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      x = Math.imul(s1, 5);
      const b = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const v1 = 2 * ((a + 0.5) / TWO_POW_32) - 1;
      const v2 = 2 * ((b + 0.5) / TWO_POW_32) - 1;
      const q = v1 * v1 + v2 * v2;
      if (q >= 1) {
        if (++rejected >= MAX_POLAR_TRIES) tooManyRejections();
        continue;
      }
      rejected = 0;
      const f = Math.sqrt((-2 * Math.log(q)) / q);
      out[i++] = v1 * f;
      const second = v2 * f;
      if (i < count) out[i++] = second;
      else {
        this.spare = second;
        this.hasSpare = true;
      }
    }
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
  }

  /** A uniform number strictly between 0 and 1: (x + 0.5) / 2^32. */
  nextUniform(): number {
    return (this.nextUint32() + 0.5) / TWO_POW_32;
  }

  /** A standard normal number (the polar method; the first of a pair, then the second). */
  nextNormal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    for (let tries = 0; tries < MAX_POLAR_TRIES; tries++) {
      const v1 = 2 * this.nextUniform() - 1;
      const v2 = 2 * this.nextUniform() - 1;
      const q = v1 * v1 + v2 * v2;
      if (q < 1) {
        const f = Math.sqrt((-2 * Math.log(q)) / q);
        this.spare = v2 * f;
        this.hasSpare = true;
        return v1 * f;
      }
    }
    return tooManyRejections();
  }
}
