/** FNV-1a's 32-bit offset basis and prime. */
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 16777619;
/** Mixed in after each field: no byte has this value, so "ab","c" and "a","bc" differ. */
export const FIELD_END = 0x100;

/**
 * The row hash the CSV fast path computes while it scans: FNV-1a over the bytes of the
 * requested fields taken in file order (`order` lists their slots), with FIELD_END after each.
 */
export function hashFields(
  buf: Uint8Array,
  starts: Int32Array,
  ends: Int32Array,
  order: Int32Array,
): number {
  let h = FNV_OFFSET;
  for (let k = 0; k < order.length; k++) {
    const slot = order[k] as number;
    const e = ends[slot] as number;
    for (let i = starts[slot] as number; i < e; i++)
      h = Math.imul(h ^ (buf[i] as number), FNV_PRIME);
    h = Math.imul(h ^ FIELD_END, FNV_PRIME);
  }
  return h;
}
