import { InputError } from "../../core/errors.js";
import { quoteValue } from "../../core/fairness/label-rule.js";
import { CellError, type PredictionRowSink } from "./prediction-row-sink.js";

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;
/** Mixed in after each field: no byte has this value, so "ab","c" and "a","bc" differ. */
const FIELD_END = 0x100;

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

/**
 * An RFC 4180 CSV reader that hands the requested columns of each row to a sink as byte ranges.
 *
 * Two paths, chosen per record:
 *
 * - **Fast path** (the common case: no field of the record starts with a quote). One tight loop
 *   over the bytes that only compares each byte with `,` and `\n`, notes where the requested
 *   fields start and end, and gives the sink the chunk itself: no string, no allocation per row.
 *   It only runs on records that end before the last `\n` of the chunk, so it needs no bounds
 *   check. On the issue-3 benchmark (5M rows, 146 MB) the whole fairness pass runs at
 *   ≈ 450 MB/s; see bench/fairness.ts.
 * - **General path** (a field starts with `"`, or the record reaches the end of the data). A
 *   byte state machine: quoted fields with embedded commas, CR/LF and doubled quotes, copied
 *   unescaped into a scratch buffer. It can stop at the end of a chunk and be restarted on the
 *   same record with more data. Roughly 3–4× slower per byte than the fast path, and only
 *   entered for the records that need it.
 *
 * Rules: the first record is the header and columns are found by name (exact, then ignoring
 * surrounding spaces); a UTF-8 byte order mark is skipped; lines end with LF or CRLF; blank lines
 * are skipped; every record must have as many fields as the header; a quote inside an unquoted
 * field is kept as is; after a closing quote only a comma or the end of the line may follow.
 */
export class CsvScanner {
  /** Data records handed to the sink so far. */
  row = 0;
  /** Lines consumed so far (the next record starts on line `line + 1`). */
  line = 0;
  /** Header fields, once read. */
  header: string[] | null = null;

  private ncols = 0;
  private want = new Int32Array(0);
  /** The requested slots in the order their columns appear in the file. */
  private fileOrder = new Int32Array(0);
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private scratch = Buffer.allocUnsafe(4096);
  private scratchUsed = 0;
  private bomChecked = false;
  /** Lines inside quoted fields of the record being read. */
  private extraLines = 0;

  constructor(
    private readonly columns: readonly string[],
    private readonly sink: PredictionRowSink,
    private readonly file: string,
  ) {
    this.starts = new Int32Array(columns.length);
    this.ends = new Int32Array(columns.length);
  }

  /** Where the record being read is, for messages: `row 17 (line 18)`. */
  position(): string {
    return `row ${this.row + 1} (line ${this.line + 1})`;
  }

  /**
   * Reads the complete records of buf[start, end) and returns where the first incomplete one
   * starts (the caller keeps those bytes and calls again with more). With `final`, the data ends
   * at `end` and everything is consumed.
   */
  scan(buf: Buffer, start: number, end: number, final: boolean): number {
    try {
      return this.scanRecords(buf, start, end, final);
    } catch (error) {
      if (error instanceof CellError) {
        throw new InputError(`${this.position()}: ${error.message}`, { where: this.file });
      }
      throw error;
    }
  }

  private scanRecords(buf: Buffer, start: number, end: number, final: boolean): number {
    let p = start;
    if (!this.bomChecked) {
      if (end - p < 3 && !final) return p;
      if (buf[p] === 0xef && buf[p + 1] === 0xbb && buf[p + 2] === 0xbf) p += 3;
      this.bomChecked = true;
    }
    while (this.header === null) {
      const skipped = this.skipBlank(buf, p, end, final);
      if (skipped < 0) return p;
      p = skipped;
      if (p >= end) return p;
      const next = this.general(buf, p, end, final);
      if (next < 0) return p;
      p = next;
    }
    // The fast path may only start records that are known to end inside the chunk.
    const lastLf = buf.lastIndexOf(LF, end - 1);
    const fastEnd = lastLf < p ? -1 : lastLf;
    const want = this.want;
    const lastCol = this.ncols - 1;
    const starts = this.starts;
    const ends = this.ends;
    const sink = this.sink;
    while (p < end) {
      const first = buf[p];
      if (first === LF) {
        p++;
        this.line++;
        continue;
      }
      if (first === CR) {
        if (p + 1 < end) {
          if (buf[p + 1] === LF) {
            p += 2;
            this.line++;
            continue;
          }
        } else if (!final) {
          return p;
        } else {
          return end;
        }
      }
      if (first === QUOTE || p >= fastEnd) {
        const next = this.general(buf, p, end, final);
        if (next < 0) return p;
        p = next;
        continue;
      }
      // Fast path: the record ends at or before fastEnd, which is a LF, so the byte loops
      // need no bounds check. One short loop per field, which also hashes the requested
      // fields (FNV-1a, as `hashFields`) so a sink can intern the row without reading it again.
      let i = p;
      let fieldStart = p;
      let col = 0;
      let b = 0;
      let h = FNV_OFFSET;
      let quoted = false;
      for (; col < lastCol; col++) {
        b = buf[i] as number;
        const slot = want[col] as number;
        if (slot >= 0) {
          while (b !== COMMA && b !== LF) {
            h = Math.imul(h ^ b, FNV_PRIME);
            b = buf[++i] as number;
          }
          if (b === LF) break;
          h = Math.imul(h ^ FIELD_END, FNV_PRIME);
          starts[slot] = fieldStart;
          ends[slot] = i;
        } else {
          while (b !== COMMA && b !== LF) b = buf[++i] as number;
          if (b === LF) break;
        }
        fieldStart = ++i;
        if (buf[i] === QUOTE) {
          quoted = true;
          break;
        }
      }
      if (quoted) {
        // A later field is quoted: read the whole record again on the general path.
        const next = this.general(buf, p, end, final);
        if (next < 0) return p;
        p = next;
        continue;
      }
      if (col < lastCol) throw this.fieldCountError(col + 1);
      b = buf[i] as number;
      while (b !== LF && b !== COMMA) b = buf[++i] as number;
      if (b === COMMA) throw this.fieldCountError(countFields(buf, p, fastEnd));
      const slot = want[lastCol] as number;
      if (slot >= 0) {
        let e = i;
        if (e > fieldStart && buf[e - 1] === CR) e--;
        for (let j = fieldStart; j < e; j++) h = Math.imul(h ^ (buf[j] as number), FNV_PRIME);
        h = Math.imul(h ^ FIELD_END, FNV_PRIME);
        starts[slot] = fieldStart;
        ends[slot] = e;
      }
      sink.bytes(buf, starts, ends, h);
      this.row++;
      this.line++;
      p = i + 1;
    }
    return p;
  }

  /** Skips blank lines from p; -1 when a lone CR at the end needs the next byte. */
  private skipBlank(buf: Buffer, p: number, end: number, final: boolean): number {
    while (p < end) {
      if (buf[p] === LF) {
        p++;
        this.line++;
      } else if (buf[p] === CR && (p + 1 >= end || buf[p + 1] === LF)) {
        if (p + 1 >= end) return final ? end : -1;
        p += 2;
        this.line++;
      } else {
        break;
      }
    }
    return p;
  }

  /**
   * Reads one record starting at p with the full RFC 4180 rules; returns the offset after it,
   * or -1 when the data ends inside it and more may come.
   */
  private general(buf: Buffer, p: number, end: number, final: boolean): number {
    const isHeader = this.header === null;
    const names: string[] = [];
    this.scratchUsed = 0;
    this.extraLines = 0;
    let i = p;
    let col = 0;
    for (;;) {
      const fieldStart = this.scratchUsed;
      let fieldEnded = false;
      let recordEnded = false;
      if (i < end && buf[i] === QUOTE) {
        i++;
        let segment = i;
        for (;;) {
          if (i >= end) {
            if (!final) return -1;
            throw new InputError(
              `${this.position()}: a quoted field is not closed before the end of the file`,
              { where: this.file },
            );
          }
          const b = buf[i];
          if (b === QUOTE) {
            if (i + 1 >= end && !final) return -1;
            if (buf[i + 1] === QUOTE) {
              // A doubled quote is one literal quote.
              this.append(buf, segment, i + 1);
              i += 2;
              segment = i;
              continue;
            }
            this.append(buf, segment, i);
            i++;
            break;
          }
          if (b === LF) this.extraLines++;
          i++;
        }
        if (i >= end) {
          if (!final) return -1;
          recordEnded = true;
        } else if (buf[i] === COMMA) {
          i++;
          fieldEnded = true;
        } else if (buf[i] === LF) {
          i++;
          recordEnded = true;
        } else if (buf[i] === CR && (i + 1 >= end || buf[i + 1] === LF)) {
          if (i + 1 >= end && !final) return -1;
          i += i + 1 >= end ? 1 : 2;
          recordEnded = true;
        } else {
          throw new InputError(
            `${this.position()}: a closing quote must be followed by a comma or the end of the line, not ${quoteValue(String.fromCharCode(buf[i] as number))}`,
            { where: this.file },
          );
        }
      } else {
        const s = i;
        for (;;) {
          if (i >= end) {
            if (!final) return -1;
            let e = i;
            if (e > s && buf[e - 1] === CR) e--;
            this.append(buf, s, e);
            recordEnded = true;
            break;
          }
          const b = buf[i];
          if (b === COMMA) {
            this.append(buf, s, i);
            i++;
            fieldEnded = true;
            break;
          }
          if (b === LF) {
            let e = i;
            if (e > s && buf[e - 1] === CR) e--;
            this.append(buf, s, e);
            i++;
            recordEnded = true;
            break;
          }
          i++;
        }
      }
      if (isHeader) {
        names.push(this.scratch.toString("utf8", fieldStart, this.scratchUsed));
      } else if (col < this.ncols) {
        const slot = this.want[col] as number;
        if (slot >= 0) {
          this.starts[slot] = fieldStart;
          this.ends[slot] = this.scratchUsed;
        }
      }
      col++;
      if (!isHeader && col > this.ncols) {
        // Do not copy the rest of a runaway record.
        throw this.fieldCountError(col);
      }
      if (recordEnded || !fieldEnded) break;
    }
    if (isHeader) {
      this.line += 1 + this.extraLines;
      this.setHeader(names);
      return i;
    }
    if (col !== this.ncols) throw this.fieldCountError(col);
    this.sink.bytes(
      this.scratch,
      this.starts,
      this.ends,
      hashFields(this.scratch, this.starts, this.ends, this.fileOrder),
    );
    this.row++;
    this.line += 1 + this.extraLines;
    return i;
  }

  /** Copies buf[s, e) to the end of the scratch buffer. */
  private append(buf: Buffer, s: number, e: number): void {
    const len = e - s;
    if (len <= 0) return;
    if (this.scratchUsed + len > this.scratch.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.scratch.length * 2, this.scratchUsed + len));
      this.scratch.copy(bigger, 0, 0, this.scratchUsed);
      this.scratch = bigger;
    }
    buf.copy(this.scratch, this.scratchUsed, s, e);
    this.scratchUsed += len;
  }

  private setHeader(names: string[]): void {
    this.header = names;
    this.ncols = names.length;
    this.want = new Int32Array(names.length).fill(-1);
    this.columns.forEach((column, slot) => {
      let index = names.indexOf(column);
      if (index < 0) index = names.findIndex((n) => n.trim() === column.trim());
      if (index < 0) {
        throw new InputError(
          `no column ${quoteValue(column)} in the header (${names.map((n) => quoteValue(n)).join(", ")})`,
          { where: this.file },
        );
      }
      if (names.indexOf(names[index] as string, index + 1) >= 0) {
        throw new InputError(`the header names column ${quoteValue(column)} twice`, {
          where: this.file,
        });
      }
      this.want[index] = slot;
    });
    this.fileOrder = Int32Array.from([...this.want].filter((slot) => slot >= 0));
  }

  private fieldCountError(fields: number): InputError {
    return new InputError(
      `${this.position()}: ${fields} field${fields === 1 ? "" : "s"}, but the header has ${this.ncols}`,
      { where: this.file },
    );
  }
}

/** Fields of the unquoted record starting at p (commas before the next LF, plus one). */
function countFields(buf: Buffer, p: number, limit: number): number {
  let n = 1;
  for (let i = p; i <= limit && buf[i] !== LF; i++) if (buf[i] === COMMA) n++;
  return n;
}
