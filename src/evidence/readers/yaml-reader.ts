import { parse, YAMLParseError } from "yaml";
import { InputError } from "../../core/errors.js";
import { decodeText } from "./decode-text.js";
import { flattenMetrics } from "./flatten-metrics.js";
import { visible } from "./metric-name.js";
import type { MetricReader } from "./metric-reader.js";

/**
 * Nested YAML metrics (`metrics.yaml`), flattened to dotted keys as `dvc metrics` does. YAML 1.2
 * core schema: `.nan`/`.inf` are numbers (and then rejected naming the key); alias expansion is
 * capped by the library (`maxAliasCount`), so an alias bomb is an error, not an hour of CPU.
 */
export const yamlReader: MetricReader = {
  read(content, path) {
    const text = decodeText(content, path);
    let parsed: unknown;
    try {
      // logLevel "error": an unknown tag (`!!python/object`) resolves to a string, which is skipped;
      // the library would otherwise print a warning to stderr for each.
      parsed = parse(text, {
        uniqueKeys: true,
        maxAliasCount: 100,
        prettyErrors: true,
        logLevel: "error",
      });
    } catch (error) {
      throw yamlError(error, path);
    }
    if (parsed === null || parsed === undefined) {
      throw new InputError("is empty; expected a YAML mapping of metrics", { where: path });
    }
    return flattenMetrics(parsed, path);
  },
};

function yamlError(error: unknown, path: string): InputError {
  if (error instanceof YAMLParseError) {
    const where = error.linePos?.[0];
    const firstLine = error.message.split("\n")[0] ?? "";
    // The parser recurses on nesting; a stack overflow means hostile depth, not a typo.
    // The library quotes the source in some messages ("Not a YAML token: \r-["): show it inert.
    const reason = /call stack/i.test(firstLine)
      ? "nests too deeply"
      : visible(firstLine.replace(/ at line \d+, column \d+:?$/, "")).slice(0, 300);
    const at = where ? ` at line ${where.line}, column ${where.col}` : "";
    return new InputError(`is not valid YAML: ${reason}${at}`, { where: path });
  }
  if (error instanceof RangeError) {
    return new InputError("is not valid YAML: it nests too deeply", { where: path });
  }
  const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
  return new InputError(`is not valid YAML: ${visible(reason).slice(0, 300)}`, { where: path });
}
