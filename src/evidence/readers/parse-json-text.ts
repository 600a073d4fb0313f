import { InputError } from "../../core/errors.js";
import { visible } from "./metric-name.js";

// Python's `json.dump` writes float('nan') and float('inf') as bare `NaN` / `Infinity`, which
// JSON.parse refuses with a message that names neither the key nor the cause. Such tokens are
// swapped for these sentinel strings and revived as real NaN / ±Infinity, so the flattener can
// reject them naming the metric. A file that spells the sentinel itself only gets that error too.
const SENTINEL = "\u0000mlgate-non-finite:";
const NON_FINITE: Record<string, number> = {
  [`${SENTINEL}NaN`]: Number.NaN,
  [`${SENTINEL}Infinity`]: Number.POSITIVE_INFINITY,
  [`${SENTINEL}-Infinity`]: Number.NEGATIVE_INFINITY,
};

/**
 * Parses JSON text (already decoded, BOM stripped). Python's non-standard `NaN`, `Infinity` and
 * `-Infinity` come back as numbers so callers can name the key; a syntax error becomes an
 * `InputError` with the line and column. Deep nesting is safe here (V8 parses iteratively);
 * callers cap the depth they walk.
 */
export function parseJsonText(text: string, file: string): unknown {
  if (text.trim() === "") {
    throw new InputError("is empty; expected a JSON object of metrics", { where: file });
  }
  try {
    return JSON.parse(text);
  } catch {
    const replaced = replaceNonFiniteTokens(text);
    if (replaced !== undefined) {
      try {
        return JSON.parse(replaced, (_key, value: unknown) =>
          typeof value === "string" && value.startsWith(SENTINEL) ? NON_FINITE[value] : value,
        );
      } catch {
        // Another syntax error besides the tokens: report it from the original text below.
      }
    }
    const found = findJsonError(text);
    const { line, column } = lineAndColumn(text, found.offset);
    throw new InputError(
      `is not valid JSON: ${visible(found.reason)} at line ${line}, column ${column}`,
      {
        where: file,
      },
    );
  }
}

/** Rewrites bare NaN/Infinity tokens outside strings; undefined when there are none. */
function replaceNonFiniteTokens(text: string): string | undefined {
  const parts: string[] = [];
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    const token = nonFiniteTokenAt(text, i);
    if (token !== undefined) {
      parts.push(text.slice(start, i), JSON.stringify(`${SENTINEL}${token}`));
      i += token.length - 1;
      start = i + 1;
    }
  }
  if (parts.length === 0) return undefined;
  parts.push(text.slice(start));
  return parts.join("");
}

function nonFiniteTokenAt(text: string, i: number): string | undefined {
  for (const token of ["NaN", "Infinity", "-Infinity"]) {
    if (text.startsWith(token, i) && !/[\w$]/.test(text[i + token.length] ?? "")) {
      // Not the tail of a longer word such as `xNaN`.
      if (i > 0 && /[\w$]/.test(text[i - 1] ?? "")) return undefined;
      return token;
    }
  }
  return undefined;
}

type Expect = "value" | "key" | "colon" | "comma" | "end";

/**
 * Finds the first syntax error in text JSON.parse refused. Node 20's own messages often lack a
 * position, and users need a line to fix. Iterative, so any nesting depth is fine.
 */
function findJsonError(text: string): { offset: number; reason: string } {
  const stack: string[] = [];
  let i = 0;
  let expect: Expect = "value";
  const fail = (reason: string) => ({ offset: i, reason });
  const afterValue = (): Expect => (stack.length > 0 ? "comma" : "end");
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  for (;;) {
    while (i < text.length && " \t\n\r".includes(text[i] ?? "")) i++;
    if (i >= text.length) {
      return expect === "end" ? fail("malformed JSON") : fail("unexpected end of file");
    }
    const c = text[i] ?? "";
    if (expect === "end") return fail("unexpected text after the JSON value");
    if (expect === "colon") {
      if (c !== ":") return fail("expected ':' after a key");
      i++;
      expect = "value";
      continue;
    }
    if (expect === "comma") {
      const closer = stack.at(-1) === "{" ? "}" : "]";
      if (c === ",") {
        i++;
        expect = stack.at(-1) === "{" ? "key" : "value";
      } else if (c === closer) {
        i++;
        stack.pop();
        expect = afterValue();
      } else {
        return fail(`expected ',' or '${closer}' but found ${JSON.stringify(c)}`);
      }
      continue;
    }
    if (expect === "key") {
      if (c !== '"') return fail(`expected a double-quoted key but found ${JSON.stringify(c)}`);
      const end = scanString(text, i);
      if (end < 0) return { offset: i, reason: "unterminated string or bad escape" };
      i = end;
      expect = "colon";
      continue;
    }
    // expect === "value"
    if (c === "{" || c === "[") {
      stack.push(c);
      i++;
      while (i < text.length && " \t\n\r".includes(text[i] ?? "")) i++;
      const closer = c === "{" ? "}" : "]";
      if (text[i] === closer) {
        i++;
        stack.pop();
        expect = afterValue();
      } else {
        expect = c === "{" ? "key" : "value";
      }
      continue;
    }
    if (c === '"') {
      const end = scanString(text, i);
      if (end < 0) return fail("unterminated string or bad escape");
      i = end;
      expect = afterValue();
      continue;
    }
    const literal = ["true", "false", "null", "NaN", "Infinity", "-Infinity"].find((word) =>
      text.startsWith(word, i),
    );
    if (literal !== undefined) {
      i += literal.length;
      expect = afterValue();
      continue;
    }
    number.lastIndex = i;
    if (number.test(text)) {
      i = number.lastIndex;
      expect = afterValue();
      continue;
    }
    return fail(`unexpected ${JSON.stringify(c)} where a value should be`);
  }
}

/** Index just past the closing quote of the string at `start`, or -1 when it is invalid. */
function scanString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -1;
    if (c === 0x5c) {
      const next = text[i + 1] ?? "";
      if (next === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return -1;
        i += 5;
      } else if ('"\\/bfnrt'.includes(next) && next !== "") {
        i++;
      } else {
        return -1;
      }
    }
  }
  return -1;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
