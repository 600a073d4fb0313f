import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from "yaml";
import type { z } from "zod";
import { didYouMean } from "../closest-names.js";
import { type MaxAge, parseMaxAge } from "../history/max-age.js";
import { inferDirection } from "../infer-direction.js";
import { clipText } from "../render/clip-text.js";
import type { Config, Tolerance } from "./config.js";
import { knownKeys } from "./known-keys.js";
import { normaliseData } from "./normalise-data.js";
import { configSchema, type ParsedConfig } from "./schema.js";

/** Result of parsing a config file: a usable config (maybe with warnings) or the problems. */
export type ParseConfigResult =
  | { readonly config: Config; readonly warnings: readonly string[]; readonly errors?: undefined }
  | { readonly errors: readonly string[]; readonly config?: undefined };

/** Caps that keep a hostile config (alias bombs, huge files) from costing more than a parse. */
const MAX_CONFIG_BYTES = 256 * 1024;
const MAX_ALIAS_COUNT = 100;

/**
 * Parses `.github/mlgate.yml` text. Errors are `path.to.key: message (line N)`; nothing throws.
 *
 * @param text - the file's content
 * @param file - the name shown in messages
 */
export function parseConfig(text: string, file = ".github/mlgate.yml"): ParseConfigResult {
  try {
    return parse(text, file);
  } catch (error) {
    // Walking (or validating) a hostile depth the parser accepted overflows the stack.
    if (error instanceof RangeError) return { errors: [`${file}: the file nests too deeply`] };
    throw error;
  }
}

function parse(text: string, file: string): ParseConfigResult {
  if (Buffer.byteLength(text, "utf8") > MAX_CONFIG_BYTES) {
    return { errors: [`${file}: the file is larger than ${MAX_CONFIG_BYTES / 1024} KiB`] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text.replace(/^\uFEFF/, ""), {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    // Unknown tags (!!python/object, !foo) are errors, not silently strings.
    customTags: [],
  });
  const lineOf = (offset: number | undefined): string =>
    offset === undefined ? "" : ` (line ${lineCounter.linePos(offset).line})`;

  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((e) => `${file}: ${firstSentence(e.message)}${lineOf(e.pos[0])}`),
    };
  }
  // A key such as __proto__ would be dropped or turned into a prototype by the objects built
  // below (a gate that silently vanishes); no config key or metric may have these names.
  const reserved: string[] = [];
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && RESERVED_KEYS.has(String(pair.key.value))) {
        reserved.push(
          `${file}: the key ${String(pair.key.value)} is a reserved JavaScript name that mlgate refuses${lineOf(pair.key.range?.[0])}`,
        );
      }
    },
  });
  if (reserved.length > 0) return { errors: reserved };
  // An unresolved tag (!!python/object) would silently become a string: refuse it.
  const tagProblems = doc.warnings.filter((w) => w.code === "TAG_RESOLVE_FAILED");
  if (tagProblems.length > 0) {
    return {
      errors: tagProblems.map((w) => `${file}: ${firstSentence(w.message)}${lineOf(w.pos[0])}`),
    };
  }
  const warnings = doc.warnings.map(
    (w) => `${file}: ${firstSentence(w.message)}${lineOf(w.pos[0])}`,
  );
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    return {
      errors: [`${file}: ${firstSentence(error instanceof Error ? error.message : String(error))}`],
    };
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== "object" || Array.isArray(data)) {
    return {
      errors: [`${file}: the top level must be a mapping of keys (workflow, metrics, ...)`],
    };
  }

  const parsed = configSchema.safeParse(data);
  if (!parsed.success) {
    return {
      errors: parsed.error.issues.flatMap((issue) =>
        issueKeyPaths(issue).map((path) => {
          const offset = nodeOffset(doc, path);
          return `${path.length > 0 ? keyPath(path) : file}: ${issueMessage(issue, path)}${lineOf(offset)}`;
        }),
      ),
    };
  }
  const { config, problems } = normalise(parsed.data);
  if (problems.length > 0) {
    return {
      errors: problems.map(
        ({ path, message }) => `${keyPath(path)}: ${message}${lineOf(nodeOffset(doc, path))}`,
      ),
    };
  }
  return { config, warnings };
}

const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

// Controls, bidi embeddings/overrides/isolates and invisible formatting characters: shown as
// `\uXXXX` in messages, which must stay one honest line.
const INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2069\ufeff\ufff9-\ufffb]/g;

function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * The first line of a parser's message, one line and short: the YAML library quotes source
 * text in some messages (`Not a YAML token: \r-[`), and recursion on hostile nesting surfaces as
 * a stack overflow that users would read as a crash.
 */
function firstSentence(message: string): string {
  if (/call stack/i.test(message)) return "the file nests too deeply";
  const line = visible((message.split("\n")[0] ?? message).trim());
  return clipText(line, 301, "…");
}

/** `metrics.gates.acc`; a key with hidden characters or of hostile length is quoted and cut. */
function keyPath(path: readonly (string | number)[]): string {
  return path
    .map((key) => {
      const text = String(key);
      // Spaces are common in metric names ("macro avg"); other whitespace and quotes are not.
      const plain = text.length <= 120 && !/["\s]/.test(text.replaceAll(" ", ""));
      if (plain && visible(text) === text) return text;
      return visible(JSON.stringify(clipText(text, 121, "…")));
    })
    .join(".");
}

function issueKeyPaths(issue: z.core.$ZodIssue): (string | number)[][] {
  const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
  if (issue.code === "unrecognized_keys") return issue.keys.map((key) => [...path, key]);
  return [path];
}

function issueMessage(issue: z.core.$ZodIssue, path: readonly (string | number)[]): string {
  if (issue.code === "unrecognized_keys" || (issue.code === "invalid_key" && path.length > 0)) {
    const key = String(path.at(-1));
    return `unknown key${didYouMean(key, knownKeys(path.slice(0, -1)))}`;
  }
  if (issue.code === "invalid_type" && issue.message.includes("received undefined")) {
    return "is required";
  }
  return issue.message.replace(/^Invalid input: /, "");
}

function nodeOffset(
  doc: ReturnType<typeof parseDocument>,
  path: readonly (string | number)[],
): number | undefined {
  // Walk as deep as the document goes: a missing key points at its parent.
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (node && (isMap(node) || isSeq(node) || isScalar(node)) && node.range) {
      if (depth > 0 && isMap(doc.getIn(path.slice(0, depth - 1), true))) {
        // Point at the key, which is where a reader looks for it.
        const parent = doc.getIn(path.slice(0, depth - 1), true);
        if (isMap(parent)) {
          const pair = parent.items.find(
            (it) => isScalar(it.key) && it.key.value === path[depth - 1],
          );
          if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
        }
      }
      return node.range[0];
    }
  }
  return undefined;
}

/** Parses `0.005` or `"2%"`. */
export function parseTolerance(value: number | string): Tolerance {
  if (typeof value === "number") return { kind: "absolute", value };
  return { kind: "relative", value: Number.parseFloat(value) / 100 };
}

function alphaOf(value: number | "history" | undefined): number | undefined {
  if (value === undefined || value === "history") return undefined;
  // 0.95 is a confidence level; 0.05 a significance level. Both mean alpha = 0.05.
  return value > 0.5 ? Number((1 - value).toPrecision(12)) : value;
}

function normalise(written: ParsedConfig): {
  config: Config;
  problems: { path: (string | number)[]; message: string }[];
} {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const checkBounds = (path: (string | number)[], min?: number, max?: number) => {
    if (min !== undefined && max !== undefined && min > max) {
      problems.push({ path, message: `min (${min}) is larger than max (${max})` });
    }
  };
  const tol = (v: number | string | undefined) => (v === undefined ? undefined : parseTolerance(v));
  // The tolerance is what a history gate falls back to while the history is short.
  const needsTolerance = (
    path: (string | number)[],
    g: { significance?: number | "history" | undefined; max_regression?: unknown },
  ) => {
    if (g.significance === "history" && g.max_regression === undefined) {
      problems.push({
        path: [...path, "significance"],
        message:
          "significance: history needs max_regression, the tolerance used while the history is short (0 to judge by the history alone)",
      });
    }
  };

  const gates = Object.entries(written.metrics.gates).map(([metric, g]) => {
    checkBounds(["metrics", "gates", metric], g.min, g.max);
    if (
      g.direction === undefined &&
      g.max_regression !== undefined &&
      inferDirection(metric) === "neutral"
    ) {
      // Without a direction the gate could never fail: say so now, not with a silent pass.
      problems.push({
        path: ["metrics", "gates", metric, "max_regression"],
        message: `cannot tell from the name whether higher or lower is better; add direction: higher or lower`,
      });
    }
    if (g.direction === "neutral" && g.max_regression !== undefined) {
      problems.push({
        path: ["metrics", "gates", metric, "max_regression"],
        message: "a neutral metric has no bad direction; set direction: higher or lower",
      });
    }
    needsTolerance(["metrics", "gates", metric], g);
    return {
      metric,
      direction: g.direction,
      min: g.min,
      max: g.max,
      maxRegression: tol(g.max_regression),
      alpha: alphaOf(g.significance),
      history: g.significance === "history" || undefined,
      required: g.required,
    };
  });

  needsTolerance(["metrics", "default"], written.metrics.default);
  if (written.history.min_runs > written.history.runs) {
    problems.push({
      path: ["history", "min_runs"],
      message: `is larger than history.runs (${written.history.runs}), so no history gate could ever be judged`,
    });
  }

  let fairness: Config["fairness"];
  if (written.fairness) {
    const f = written.fairness;
    fairness = {
      predictions: f.predictions,
      format: f.format,
      label: f.label,
      prediction: f.prediction,
      threshold: f.threshold,
      positive: f.positive,
      sensitive: f.sensitive,
      minGroupSize: f.min_group_size,
      chart: f.chart,
      gates: Object.entries(f.gates).flatMap(([name, g]) => {
        if (!g) return [];
        checkBounds(["fairness", "gates", name], g.min, g.max);
        if (g.significance === "history") {
          problems.push({
            path: ["fairness", "gates", name, "significance"],
            message:
              "significance: history applies to metrics; disparities have no recorded history",
          });
        }
        return [
          {
            disparity: name as keyof typeof f.gates,
            min: g.min,
            max: g.max,
            maxRegression: tol(g.max_regression),
            alpha: alphaOf(g.significance),
          },
        ];
      }),
    };
  }

  let significance: Config["significance"];
  if (written.significance) {
    const s = written.significance;
    const predictions = s.predictions ?? written.fairness?.predictions;
    if (!predictions) {
      problems.push({
        path: ["significance", "predictions"],
        message: "is required (or set fairness.predictions)",
      });
    } else {
      significance = {
        predictions,
        format: s.predictions ? undefined : written.fairness?.format,
        id: s.id,
        label: s.label ?? written.fairness?.label ?? "label",
        prediction: s.prediction ?? written.fairness?.prediction ?? "prediction",
        positive: s.positive ?? written.fairness?.positive ?? 1,
        minOverlap: s.min_overlap,
        draws: s.draws,
      };
    }
  }

  const data = normaliseData(written);
  problems.push(...data.problems);

  const config: Config = {
    workflow: written.workflow,
    artifact: written.artifact,
    paths: written.paths,
    metrics: {
      files: written.metrics.files,
      formats: Object.entries(written.metrics.formats).map(([glob, format]) => ({ glob, format })),
      ignore: written.metrics.ignore,
      default: {
        maxRegression: tol(written.metrics.default.max_regression),
        alpha: alphaOf(written.metrics.default.significance),
        history: written.metrics.default.significance === "history" || undefined,
        required: written.metrics.default.required,
      },
      gates,
    },
    fairness,
    significance,
    data: data.data,
    history: {
      runs: written.history.runs,
      minRuns: written.history.min_runs,
      confidence: written.history.confidence,
    },
    baseline: { maxAge: maxAgesOf(written.baseline.max_age) },
    override: { label: written.override.label, allowAuthor: written.override.allow_author },
    report: { precision: written.report.precision },
  };
  return { config, problems };
}

function maxAgesOf(written: string | string[] | undefined): MaxAge[] {
  const texts = written === undefined ? [] : typeof written === "string" ? [written] : written;
  // The schema's pattern already refused anything parseMaxAge would not read.
  return texts.flatMap((text) => parseMaxAge(text) ?? []);
}

/** The config used when a CLI user gives none: default files, no gates beyond the defaults. */
export function defaultConfig(): Config {
  const result = parseConfig("{}");
  if (!result.config) throw new Error("the built-in default config does not parse");
  return result.config;
}
