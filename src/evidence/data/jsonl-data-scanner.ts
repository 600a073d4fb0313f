import { InputError } from "../../core/errors.js";
import { ByteInterner } from "../predictions/byte-interner.js";
import { ColumnAccumulator } from "./column-accumulator.js";
import { parseDecimal, parsedInteger, parsedValue } from "./parse-decimal.js";

const LF = 10;
const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Reads JSON Lines data (one flat JSON object per line) straight from the bytes, without
 * building an object per line: keys are interned to columns, numbers parsed in place (so `2.0`
 * stays a float, as pandas reads it), strings without escapes interned per column. Python's
 * `NaN` is a missing value and `Infinity`/`-Infinity` infinite, as `json.dump` writes them;
 * `null` and absent keys are missing; nested objects and arrays make the column untestable.
 * Only the `wanted` columns are kept (all when undefined).
 */
export class JsonlDataScanner {
  rows = 0;
  private line = 0;
  private readonly keys = new ByteInterner();
  /** Column index per key id, -1 for keys that are not wanted. */
  private keyColumn: number[] = [];
  readonly columns: ColumnAccumulator[] = [];
  /** The row in which each column was last seen (a repeated key counts once). */
  private seen: number[] = [];

  constructor(
    private readonly file: string,
    private readonly wanted?: ReadonlySet<string>,
  ) {}

  /** A `ChunkConsumer` for `feedChunks`. */
  consume = (buf: Buffer, start: number, end: number, final: boolean): number => {
    let p = start;
    for (;;) {
      let lf = buf.indexOf(LF, p);
      if (lf < 0 || lf >= end) {
        if (!final || p >= end) return Math.min(p, end);
        lf = end;
      }
      this.line++;
      let e = lf;
      if (e > p && buf[e - 1] === 13) e--;
      this.parseLine(buf, p, e);
      p = lf + 1;
    }
  };

  private fail(message: string): InputError {
    return new InputError(`line ${this.line}: ${message}`, { where: this.file });
  }

  private parseLine(buf: Buffer, s: number, e: number): void {
    let i = skipSpace(buf, s, e);
    if (i >= e) return;
    if (buf[i] !== 123) throw this.fail("each line must be a JSON object");
    this.rows++;
    i = skipSpace(buf, i + 1, e);
    if (buf[i] === 125) {
      this.end(buf, i + 1, e);
      return;
    }
    for (;;) {
      if (buf[i] !== QUOTE) throw this.fail("expected a quoted key");
      const keyEnd = stringEnd(buf, i + 1, e);
      if (keyEnd < 0) throw this.fail("a key is not closed");
      const column = this.columnOf(buf, i + 1, keyEnd);
      i = skipSpace(buf, keyEnd + 1, e);
      if (buf[i] !== 58) throw this.fail("expected ':' after a key");
      i = this.value(buf, skipSpace(buf, i + 1, e), e, column);
      i = skipSpace(buf, i, e);
      if (buf[i] === 44) {
        i = skipSpace(buf, i + 1, e);
        continue;
      }
      if (buf[i] === 125) {
        this.end(buf, i + 1, e);
        return;
      }
      throw this.fail("expected ',' or '}' after a value");
    }
  }

  private end(buf: Buffer, i: number, e: number): void {
    if (skipSpace(buf, i, e) !== e) throw this.fail("text after the closing '}'");
  }

  private columnOf(buf: Buffer, s: number, e: number): ColumnAccumulator | undefined {
    const id = this.keys.intern(buf, s, e);
    if (id === this.keyColumn.length) {
      const name = decodeString(buf, s, e);
      if (this.wanted && !this.wanted.has(name)) {
        this.keyColumn.push(-1);
      } else {
        this.keyColumn.push(this.columns.length);
        this.columns.push(new ColumnAccumulator(name));
        this.seen.push(0);
      }
    }
    const index = this.keyColumn[id] as number;
    if (index < 0 || this.seen[index] === this.rows) return undefined;
    this.seen[index] = this.rows;
    return this.columns[index];
  }

  /** Reads one value at i into `column` (undefined: skip it); returns the offset after it. */
  private value(buf: Buffer, i: number, e: number, column: ColumnAccumulator | undefined): number {
    const b = buf[i];
    if (b === QUOTE) {
      const end = stringEnd(buf, i + 1, e);
      if (end < 0) throw this.fail("a string is not closed");
      column?.addString(decodeString(buf, i + 1, end));
      return end + 1;
    }
    if (b === 123 || b === 91) {
      const end = skipNested(buf, i, e);
      if (end < 0) throw this.fail("a nested value is not closed");
      column?.addOther();
      return end;
    }
    let j = i;
    while (j < e && !isDelimiter(buf[j] as number)) j++;
    if (j === i) throw this.fail("expected a value");
    if (parseDecimal(buf, i, j)) {
      column?.addNumber(parsedValue, parsedInteger);
      return j;
    }
    const token = buf.toString("latin1", i, j);
    switch (token) {
      case "true":
      case "false":
        column?.addBoolean(token === "true", token === "true" ? "True" : "False");
        return j;
      case "null":
      case "NaN":
        return j;
      case "Infinity":
      case "-Infinity":
        column?.addInfinite();
        return j;
      default:
        throw this.fail(`not a JSON value: ${token.slice(0, 20)}`);
    }
  }
}

function isDelimiter(b: number): boolean {
  return b === 44 || b === 125 || b === 93 || b === 32 || b === 9 || b === 13;
}

function skipSpace(buf: Buffer, i: number, e: number): number {
  let p = i;
  while (p < e && (buf[p] === 32 || buf[p] === 9 || buf[p] === 13)) p++;
  return p;
}

/** The offset of the quote closing a string whose text starts at i, or -1. */
function stringEnd(buf: Buffer, i: number, e: number): number {
  for (let p = i; p < e; p++) {
    const b = buf[p];
    if (b === BACKSLASH) p++;
    else if (b === QUOTE) return p;
  }
  return -1;
}

/** A string's text: the bytes as UTF-8, or JSON's unescaping when it has escapes. */
function decodeString(buf: Buffer, s: number, e: number): string {
  for (let p = s; p < e; p++) {
    if (buf[p] === BACKSLASH) return JSON.parse(buf.toString("utf8", s - 1, e + 1)) as string;
  }
  return buf.toString("utf8", s, e);
}

/** The offset after a balanced object or array starting at i, or -1. */
function skipNested(buf: Buffer, i: number, e: number): number {
  let depth = 0;
  for (let p = i; p < e; p++) {
    const b = buf[p];
    if (b === QUOTE) {
      p = stringEnd(buf, p + 1, e);
      if (p < 0) return -1;
    } else if (b === 123 || b === 91) {
      depth++;
    } else if (b === 125 || b === 93) {
      depth--;
      if (depth === 0) return p + 1;
    }
  }
  return -1;
}
