import { InputError } from "../../core/errors.js";

/** One parsed CSV record and the line it starts on (1-based), for error messages. */
export interface CsvRow {
  readonly fields: string[];
  readonly line: number;
}

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Parses RFC 4180 CSV as Python's `csv` module writes it (what Lightning's and Keras' loggers
 * use): `,` separated, `"` quoting with `""` escapes, quoted fields may span lines, LF or CRLF.
 * Blank lines are skipped. An unterminated quote is an `InputError` naming the line. Fields are
 * cut with slices, not built a character at a time, so a 10 MB line costs one copy.
 */
export function parseCsv(text: string, file: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const n = text.length;
  while (i <= n) {
    let field: string;
    if (text.charCodeAt(i) === QUOTE) {
      const startLine = line;
      const parts: string[] = [];
      let start = i + 1;
      i = start;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) {
          throw new InputError(`has a quoted field starting on line ${startLine} that never ends`, {
            where: file,
          });
        }
        line += countNewlines(text, i, close);
        if (text.charCodeAt(close + 1) === QUOTE) {
          parts.push(text.slice(start, close + 1));
          i = start = close + 2;
          continue;
        }
        parts.push(text.slice(start, close));
        i = close + 1;
        break;
      }
      // Python's reader keeps anything between the closing quote and the separator.
      const end = nextBreak(text, i);
      parts.push(text.slice(i, end));
      i = end;
      field = parts.join("");
    } else {
      const end = nextBreak(text, i);
      field = text.slice(i, end);
      i = end;
    }
    fields.push(field);
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      continue;
    }
    // End of a record: a line break or the end of the text.
    if (!(fields.length === 1 && fields[0] === "")) rows.push({ fields, line: rowLine });
    fields = [];
    if (c === CR && text.charCodeAt(i + 1) === LF) i++;
    i++;
    line++;
    rowLine = line;
  }
  return rows;
}

function nextBreak(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === COMMA || c === LF || c === CR) return i;
  }
  return text.length;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === LF) count++;
  return count;
}
