/** A deterministic source of uniform random numbers. */
export interface Rng {
  /** A uniform unsigned 32-bit integer. */
  nextUint32(): number;
  /** A uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number;
}

const MASK64 = (1n << 64n) - 1n;

/** splitmix64: the recommended way to spread one 64-bit seed over a xoshiro state. */
function splitmix64(state: bigint): [next: bigint, output: bigint] {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [next, z ^ (z >> 31n)];
}

/**
 * xoshiro128** (Blackman & Vigna) seeded from a 64-bit seed through splitmix64. Chosen because
 * it is small, fast in 32-bit integer arithmetic (what JavaScript does well), passes BigCrush,
 * and gives the same stream on every platform, so a rerun reproduces the same interval.
 */
export function createRng(seed: bigint): Rng {
  let state = BigInt.asUintN(64, seed);
  const words: number[] = [];
  for (let i = 0; i < 2; i++) {
    const [next, out] = splitmix64(state);
    state = next;
    words.push(Number(out & 0xffffffffn), Number(out >> 32n));
  }
  let s0 = words[0]! | 0;
  let s1 = words[1]! | 0;
  let s2 = words[2]! | 0;
  let s3 = words[3]! | 0;
  // The all-zero state is the one fixed point of the generator; splitmix64 practically never
  // yields it, but a constant costs nothing.
  if ((s0 | s1 | s2 | s3) === 0) s0 = 0x9e3779b9;

  const nextUint32 = (): number => {
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result >>> 0;
  };

  return {
    nextUint32,
    nextDouble: () => {
      // 27 + 26 bits: every double in [0, 1) on the 2^-53 grid is equally likely.
      const hi = nextUint32() >>> 5;
      const lo = nextUint32() >>> 6;
      return (hi * 67108864 + lo) / 9007199254740992;
    },
  };
}
