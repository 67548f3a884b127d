/**
 * The seeded pseudo-random generator of the example data: **sfc32** (Chris Doty-Humphrey's Small Fast Counting
 * generator, 128-bit state, period ≥ 2^32, passes PractRand to 16 TB) seeded through **splitmix32** so that close
 * seeds give unrelated streams. Everything the generators produce is a function of the seed alone: no
 * `Math.random`, no clock. Pure 32-bit integer arithmetic, so results are identical on every platform.
 */

/** splitmix32: a 32-bit mixing step, used to expand a seed into state words and to hash labels. */
function splitmix32(state: number): [next: number, output: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return [next, (z ^ (z >>> 15)) >>> 0];
}

/** A 32-bit hash of a string (FNV-1a), to derive the seed of a named sub-stream. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * A seeded random stream (sfc32). Not for cryptography. `fork(label)` derives an independent stream whose
 * sequence depends only on this stream's seed and the label, so that adding draws in one part of a generator
 * never shifts another part.
 */
export class Random {
  readonly seed: number;
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** @param seed any integer; only its low 32 bits count */
  constructor(seed: number) {
    this.seed = seed >>> 0;
    let state = this.seed;
    const words: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const [next, output] = splitmix32(state);
      state = next;
      words.push(output);
    }
    [this.a, this.b, this.c, this.d] = words as [number, number, number, number];
    for (let i = 0; i < 12; i += 1) this.nextUint32();
  }

  /** The next unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max], both included. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)]!;
  }

  /** An index drawn by a cumulative weight table (see {@link cumulative}). */
  weighted(cumulativeWeights: Float64Array | readonly number[]): number {
    const total = cumulativeWeights[cumulativeWeights.length - 1]!;
    const x = this.next() * total;
    let lo = 0;
    let hi = cumulativeWeights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulativeWeights[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** `count` distinct indices of [0, n), in draw order (count <= n). */
  sample(n: number, count: number): number[] {
    const chosen = new Set<number>();
    const out: number[] = [];
    while (out.length < Math.min(count, n)) {
      const i = this.int(n);
      if (!chosen.has(i)) {
        chosen.add(i);
        out.push(i);
      }
    }
    return out;
  }

  /** An independent stream named by a label (same seed + label → same stream). */
  fork(label: string): Random {
    return new Random(splitmix32(this.seed ^ hashString(label))[1]);
  }
}

/** Running sums of weights, for {@link Random.weighted}. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((weight, i) => {
    sum += weight;
    out[i] = sum;
  });
  return out;
}
