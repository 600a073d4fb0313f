/**
 * Gives each distinct byte string a small integer id, without making a JavaScript string per
 * lookup: the bytes of a field are hashed in place (FNV-1a), an open-addressing table probed, and
 * bytes compared only on a hash match. Keys are copied once into an arena, so memory grows with
 * the number of distinct values, never with the number of rows.
 */
export class ByteInterner {
  private table = new Int32Array(64);
  private mask = 63;
  private arena = Buffer.allocUnsafe(1024);
  private arenaUsed = 0;
  private offsets = new Int32Array(32);
  private lengths = new Int32Array(32);
  private hashes = new Int32Array(32);
  /** Number of distinct values seen. */
  size = 0;

  /** The id of buf[start, end), adding it when new. */
  intern(buf: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ (buf[i] as number), 16777619);
    const len = end - start;
    const table = this.table;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const entry = (table[slot] as number) - 1;
      if (entry < 0) break;
      if (this.hashes[entry] === h && this.lengths[entry] === len) {
        const arena = this.arena;
        let j = this.offsets[entry] as number;
        let i = start;
        while (i < end && arena[j] === buf[i]) {
          i++;
          j++;
        }
        if (i === end) return entry;
      }
      slot = (slot + 1) & mask;
    }
    return this.add(buf, start, end, h, slot);
  }

  /** The bytes of an id, as UTF-8 text (invalid sequences become U+FFFD). */
  text(id: number): string {
    const offset = this.offsets[id] as number;
    return this.arena.toString("utf8", offset, offset + (this.lengths[id] as number));
  }

  private add(buf: Uint8Array, start: number, end: number, hash: number, slot: number): number {
    const id = this.size++;
    const len = end - start;
    if (id >= this.offsets.length) {
      this.offsets = grow(this.offsets);
      this.lengths = grow(this.lengths);
      this.hashes = grow(this.hashes);
    }
    if (this.arenaUsed + len > this.arena.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.arenaUsed + len));
      this.arena.copy(bigger, 0, 0, this.arenaUsed);
      this.arena = bigger;
    }
    this.arena.set(buf.subarray(start, end), this.arenaUsed);
    this.offsets[id] = this.arenaUsed;
    this.lengths[id] = len;
    this.hashes[id] = hash;
    this.arenaUsed += len;
    this.table[slot] = id + 1;
    // Keep the table at most half full so probes stay short.
    if (this.size * 2 > this.table.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = (this.hashes[id] as number) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = id + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}

/**
 * Gives each distinct combination of several byte fields (a whole row's label, prediction and
 * sensitive values) an id, with one hash and one probe per row. Returns -1 instead of adding a
 * key once `maxKeys` are stored, so memory stays bounded whatever the file holds.
 */
export class RowKeyInterner {
  private table = new Int32Array(256);
  private mask = 255;
  private arena = Buffer.allocUnsafe(4096);
  private arenaUsed = 0;
  private offsets = new Int32Array(64);
  private hashes = new Int32Array(64);
  private lengths: Int32Array;
  size = 0;

  constructor(
    readonly width: number,
    readonly maxKeys: number,
  ) {
    this.lengths = new Int32Array(64 * width);
  }

  /**
   * The id of the fields buf[starts[k], ends[k]) for k < width, whose hash the caller gives
   * (any hash that is equal for equal fields); -1 when the key is new and the table full.
   */
  intern(buf: Uint8Array, starts: Int32Array, ends: Int32Array, hash: number): number {
    // Spread the low bits the table slot is taken from.
    const h = hash ^ (hash >>> 16);
    const table = this.table;
    const mask = this.mask;
    const hashes = this.hashes;
    let slot = h & mask;
    for (;;) {
      const entry = (table[slot] as number) - 1;
      if (entry < 0) break;
      if (hashes[entry] === h) {
        // Same hash: compare the bytes, field by field (exact, never a fingerprint).
        const arena = this.arena;
        const lengths = this.lengths;
        const w = this.width;
        let j = this.offsets[entry] as number;
        let k = 0;
        for (; k < w; k++) {
          const s = starts[k] as number;
          const e = ends[k] as number;
          if (lengths[entry * w + k] !== e - s) break;
          let i = s;
          while (i < e && arena[j] === buf[i]) {
            i++;
            j++;
          }
          if (i < e) break;
        }
        if (k === w) return entry;
      }
      slot = (slot + 1) & mask;
    }
    if (this.size >= this.maxKeys) return -1;
    return this.add(buf, starts, ends, h, slot);
  }

  private add(
    buf: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    hash: number,
    slot: number,
  ): number {
    const id = this.size++;
    const w = this.width;
    if (id >= this.offsets.length) {
      this.offsets = grow(this.offsets);
      this.hashes = grow(this.hashes);
      this.lengths = grow(this.lengths);
    }
    let total = 0;
    for (let k = 0; k < w; k++) total += (ends[k] as number) - (starts[k] as number);
    if (this.arenaUsed + total > this.arena.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.arenaUsed + total));
      this.arena.copy(bigger, 0, 0, this.arenaUsed);
      this.arena = bigger;
    }
    this.offsets[id] = this.arenaUsed;
    this.hashes[id] = hash;
    for (let k = 0; k < w; k++) {
      const s = starts[k] as number;
      const e = ends[k] as number;
      this.arena.set(buf.subarray(s, e), this.arenaUsed);
      this.arenaUsed += e - s;
      this.lengths[id * w + k] = e - s;
    }
    this.table[slot] = id + 1;
    if (this.size * 2 > this.table.length) {
      const table = new Int32Array(this.table.length * 2);
      const mask = table.length - 1;
      for (let j = 0; j < this.size; j++) {
        let at = (this.hashes[j] as number) & mask;
        while (table[at] !== 0) at = (at + 1) & mask;
        table[at] = j + 1;
      }
      this.table = table;
      this.mask = mask;
    }
    return id;
  }
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
