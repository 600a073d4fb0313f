/**
 * A growing byte buffer the CSV general path unescapes a record's fields into; reused from record
 * to record, so it allocates only when a record is longer than any before it.
 */
export class ScratchBytes {
  bytes = Buffer.allocUnsafe(4096);
  /** Bytes in use, from the start of `bytes`. */
  used = 0;

  /** Copies buf[s, e) to the end. */
  append(buf: Uint8Array, s: number, e: number): void {
    const len = e - s;
    if (len <= 0) return;
    if (this.used + len > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + len));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    if (len < 64) {
      // Short fields: a loop beats the native copy's call overhead.
      const bytes = this.bytes;
      let j = this.used;
      for (let i = s; i < e; i++) bytes[j++] = buf[i] as number;
    } else {
      this.bytes.set(buf.subarray(s, e), this.used);
    }
    this.used += len;
  }
}
