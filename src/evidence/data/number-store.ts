import type { ValueCounts } from "../../core/drift/value-counts.js";

/** Distinct values counted in a map before a column is treated as continuous. */
const MAP_LIMIT = 2048;
/** Values kept raw after the map is full before the map is given up. */
const RAW_BEFORE_GIVING_UP_MAP = 4096;
const FIRST_CHUNK = 1024;
const MAX_CHUNK = 1 << 16;

/**
 * The finite numbers of one column, kept in the cheapest exact form: a count per distinct value
 * while there are few (memory grows with the distinct values, not the rows), then the raw values
 * in chunks of at most 64K (8 bytes per value, the least an exact two-sample KS or Wasserstein
 * distance can keep), joined and sorted once at the end.
 */
export class NumberStore {
  /** How many values were added. */
  count = 0;
  private map: Map<number, number> | null = new Map();
  private readonly chunks: Float64Array[] = [];
  private chunk = new Float64Array(FIRST_CHUNK);
  private used = 0;
  private raw = 0;

  /** Adds `times` occurrences of the finite number x. */
  add(x: number, times = 1): void {
    this.count += times;
    const map = this.map;
    if (map !== null) {
      const c = map.get(x);
      if (c !== undefined) {
        map.set(x, c + times);
        return;
      }
      if (map.size < MAP_LIMIT) {
        map.set(x, times);
        return;
      }
    }
    for (let t = 0; t < times; t++) this.push(x);
    if (map !== null && this.raw > RAW_BEFORE_GIVING_UP_MAP) {
      // Continuous values: stop looking each one up; the counted ones join the raw values.
      this.map = null;
      for (const [value, c] of map) for (let t = 0; t < c; t++) this.push(value);
    }
  }

  /** The distinct values seen so far, when there are few (else undefined). */
  distinctValues(): number[] | undefined {
    return this.raw === 0 && this.map ? [...this.map.keys()] : undefined;
  }

  /** The values, sorted; the store is empty afterwards. */
  finish(): ValueCounts {
    const map = this.map;
    if (this.raw === 0 && map) {
      const values = Float64Array.from(map.keys()).sort();
      const counts = Float64Array.from(values, (v) => map.get(v) as number);
      this.map = new Map();
      this.count = 0;
      return { values, counts, total: counts.reduce((a, b) => a + b, 0) };
    }
    const values = new Float64Array(this.count);
    let at = 0;
    for (const chunk of this.chunks) {
      values.set(chunk, at);
      at += chunk.length;
    }
    values.set(this.chunk.subarray(0, this.used), at);
    at += this.used;
    if (map) {
      for (const [value, c] of map) {
        values.fill(value, at, at + c);
        at += c;
      }
    }
    this.chunks.length = 0;
    this.chunk = new Float64Array(FIRST_CHUNK);
    this.used = 0;
    this.raw = 0;
    this.count = 0;
    this.map = new Map();
    return { values: values.sort(), total: values.length };
  }

  private push(x: number): void {
    if (this.used === this.chunk.length) {
      if (this.chunk.length < MAX_CHUNK) {
        const bigger = new Float64Array(this.chunk.length * 4);
        bigger.set(this.chunk);
        this.chunk = bigger;
      } else {
        this.chunks.push(this.chunk);
        this.chunk = new Float64Array(MAX_CHUNK);
        this.used = 0;
      }
    }
    this.chunk[this.used++] = x;
    this.raw++;
  }
}
