import { InputError } from "../../core/errors.js";
import { quoteValue } from "../../core/fairness/label-rule.js";
import { columnSlots } from "./column-slots.js";
import { FIELD_END, FNV_OFFSET, FNV_PRIME, hashFields } from "./hash-fields.js";
import { CellError, type PredictionRowSink } from "./prediction-row-sink.js";
import { ScratchBytes } from "./scratch-bytes.js";

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
/**
 * An RFC 4180 CSV reader that hands the requested columns of each row to a sink as byte ranges.
 * A library parser (csv-parse and the like: a string and an array per row) runs several times
 * slower than the issue-3 target allows, so the common case is a hand-written byte loop. Two
 * paths, chosen per record:
 *
 * - **Fast path**: records that end before the last `\n` of the chunk (so no loop needs a bounds
 *   check) and whose quoted fields, if any, hold no doubled quote and no line break — that is
 *   plain CSV and the fully quoted kind R and `QUOTE_ALL` write. One short loop per field finds
 *   its end; the requested fields are hashed (FNV-1a) in place and given to the sink as ranges
 *   of the chunk itself: no string, no allocation per row. On the 2-core box, one thread reads
 *   and counts the benchmark file (id,label,prediction,score,sex,race) at 3.4M rows/s, 0.3 s
 *   per million rows for the whole fairness pass; see bench/fairness.ts.
 * - **General path**: everything else (a doubled quote, a line break inside quotes, a record
 *   cut by the end of the chunk). A byte state machine that unescapes the fields into a scratch
 *   buffer; it can stop at the end of a chunk and start the record again with more data. 2.0M
 *   rows/s (0.5 s per million) when every record needs it (the same file with `"Bl""ack"`),
 *   and only entered for the records that do.
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
  private readonly scratch = new ScratchBytes();
  private bomChecked = false;
  /** Lines inside quoted fields of the record being read. */
  private extraLines = 0;

  /**
   * `header`, when given, is the file's header as another scanner read it: this one then starts
   * on a record boundary in the middle of the file (a part read in parallel).
   */
  constructor(
    private readonly columns: readonly string[],
    private readonly sink: PredictionRowSink,
    private readonly file: string,
    header?: readonly string[],
  ) {
    this.starts = new Int32Array(columns.length);
    this.ends = new Int32Array(columns.length);
    if (header) {
      this.bomChecked = true;
      this.setHeader([...header]);
    }
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

  /**
   * Reads the header record (after a byte order mark and blank lines) starting at `start`;
   * returns the offset after it, or -1 when the data ends first and more may come.
   */
  readHeader(buf: Buffer, start: number, end: number, final: boolean): number {
    // On -1 nothing is consumed: the caller gives the same bytes again with more.
    const bomChecked = this.bomChecked;
    const line = this.line;
    const notYet = () => {
      this.bomChecked = bomChecked;
      this.line = line;
      return -1;
    };
    let p = start;
    if (!this.bomChecked) {
      if (end - p < 3 && !final) return notYet();
      if (buf[p] === 0xef && buf[p + 1] === 0xbb && buf[p + 2] === 0xbf) p += 3;
      this.bomChecked = true;
    }
    while (this.header === null) {
      const skipped = this.skipBlank(buf, p, end, final);
      if (skipped < 0 || skipped >= end) return notYet();
      const next = this.general(buf, skipped, end, final);
      if (next < 0) return notYet();
      p = next;
    }
    return p;
  }

  private scanRecords(buf: Buffer, start: number, end: number, final: boolean): number {
    let p = start;
    if (this.header === null) {
      const next = this.readHeader(buf, start, end, final);
      if (next < 0) return final ? end : start;
      p = next;
    }
    // The fast path may only start records that are known to end inside the chunk.
    const lastLf = buf.lastIndexOf(LF, end - 1);
    const fastEnd = lastLf < p ? -1 : lastLf;
    const want = this.want;
    const ncols = this.ncols;
    const starts = this.starts;
    const ends = this.ends;
    const sink = this.sink;
    // Fast-path records not yet added to this.row and this.line: counted in a local, which
    // is cheaper than two property writes per row, and settled before anything reads them.
    let counted = 0;
    try {
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
        if (p >= fastEnd) {
          this.row += counted;
          this.line += counted;
          counted = 0;
          const next = this.general(buf, p, end, final);
          if (next < 0) return p;
          p = next;
          continue;
        }
        // Fast path: the record ends at or before fastEnd, which is a LF, so no loop needs a
        // bounds check. A quoted field is taken as the bytes between its quotes when it has no
        // doubled quote and no line break inside; otherwise the general path reads the record.
        let i = p;
        let col = 0;
        let h = FNV_OFFSET;
        let general = false;
        for (;;) {
          let b = buf[i] as number;
          let fieldStart: number;
          let fieldEnd: number;
          if (b === QUOTE) {
            fieldStart = ++i;
            b = buf[i] as number;
            while (b !== QUOTE && b !== LF) b = buf[++i] as number;
            if (b === LF) {
              general = true;
              break;
            }
            fieldEnd = i;
            b = buf[++i] as number;
            if (b === CR && buf[i + 1] === LF) b = buf[++i] as number;
            if (b !== COMMA && b !== LF) {
              general = true;
              break;
            }
          } else {
            fieldStart = i;
            while (b !== COMMA && b !== LF) b = buf[++i] as number;
            fieldEnd = i;
            if (b === LF && fieldEnd > fieldStart && buf[fieldEnd - 1] === CR) fieldEnd--;
          }
          const slot = col < ncols ? (want[col] as number) : -1;
          if (slot >= 0) {
            // FNV-1a over the requested fields in file order, as `hashFields`.
            for (let j = fieldStart; j < fieldEnd; j++)
              h = Math.imul(h ^ (buf[j] as number), FNV_PRIME);
            h = Math.imul(h ^ FIELD_END, FNV_PRIME);
            starts[slot] = fieldStart;
            ends[slot] = fieldEnd;
          }
          col++;
          if (b === LF) break;
          i++;
        }
        if (general) {
          this.row += counted;
          this.line += counted;
          counted = 0;
          const next = this.general(buf, p, end, final);
          if (next < 0) return p;
          p = next;
          continue;
        }
        if (col !== ncols) {
          // The error names the row: settle the fast path's count first.
          this.row += counted;
          this.line += counted;
          counted = 0;
          throw this.fieldCountError(col);
        }
        sink.bytes(buf, starts, ends, h);
        counted++;
        p = i + 1;
      }
      return p;
    } finally {
      this.row += counted;
      this.line += counted;
    }
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
    this.scratch.used = 0;
    this.extraLines = 0;
    let i = p;
    let col = 0;
    for (;;) {
      const fieldStart = this.scratch.used;
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
              this.scratch.append(buf, segment, i + 1);
              i += 2;
              segment = i;
              continue;
            }
            this.scratch.append(buf, segment, i);
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
            this.scratch.append(buf, s, e);
            recordEnded = true;
            break;
          }
          const b = buf[i];
          if (b === COMMA) {
            this.scratch.append(buf, s, i);
            i++;
            fieldEnded = true;
            break;
          }
          if (b === LF) {
            let e = i;
            if (e > s && buf[e - 1] === CR) e--;
            this.scratch.append(buf, s, e);
            i++;
            recordEnded = true;
            break;
          }
          i++;
        }
      }
      if (isHeader) {
        names.push(this.scratch.bytes.toString("utf8", fieldStart, this.scratch.used));
      } else if (col < this.ncols) {
        const slot = this.want[col] as number;
        if (slot >= 0) {
          this.starts[slot] = fieldStart;
          this.ends[slot] = this.scratch.used;
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
      this.scratch.bytes,
      this.starts,
      this.ends,
      hashFields(this.scratch.bytes, this.starts, this.ends, this.fileOrder),
    );
    this.row++;
    this.line += 1 + this.extraLines;
    return i;
  }

  private setHeader(names: string[]): void {
    this.header = names;
    this.ncols = names.length;
    this.want = columnSlots(names, this.columns, this.file);
    this.fileOrder = Int32Array.from([...this.want].filter((slot) => slot >= 0));
  }

  private fieldCountError(fields: number): InputError {
    return new InputError(
      `${this.position()}: ${fields} field${fields === 1 ? "" : "s"}, but the header has ${this.ncols}`,
      { where: this.file },
    );
  }
}
