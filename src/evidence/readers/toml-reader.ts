import { parse, TomlError } from "smol-toml";
import { InputError } from "../../core/errors.js";
import { decodeText } from "./decode-text.js";
import { flattenMetrics } from "./flatten-metrics.js";
import { visible } from "./metric-name.js";
import type { MetricReader } from "./metric-reader.js";

/**
 * Nested TOML metrics (`metrics.toml`), flattened to dotted keys as `dvc metrics` does. TOML's
 * `nan`/`inf` are numbers and then rejected naming the key; dates and strings are skipped.
 */
export const tomlReader: MetricReader = {
  read(content, path) {
    const text = decodeText(content, path);
    let parsed: unknown;
    try {
      parsed = parse(text);
    } catch (error) {
      throw tomlError(error, path);
    }
    return flattenMetrics(parsed, path);
  },
};

function tomlError(error: unknown, path: string): InputError {
  if (error instanceof TomlError) {
    // smol-toml's message carries a code frame after the first line; keep the sentence only.
    const reason = (error.message.split("\n")[0] ?? "").replace(/^Invalid TOML document: /, "");
    return new InputError(
      `is not valid TOML: ${visible(reason).slice(0, 300)} at line ${error.line}, column ${error.column}`,
      { where: path },
    );
  }
  if (error instanceof RangeError) {
    return new InputError("is not valid TOML: it nests too deeply", { where: path });
  }
  const reason = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
  return new InputError(`is not valid TOML: ${visible(reason).slice(0, 300)}`, { where: path });
}
