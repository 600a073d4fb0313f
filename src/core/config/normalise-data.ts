import { DRIFT_METHOD_SPECS } from "../drift/drift-methods.js";
import type { DataConfig } from "./data-config.js";
import type { ParsedConfig } from "./schema.js";

type Problem = { path: (string | number)[]; message: string };

/**
 * Normalises `data:`. Without `data.file` the predictions file of `fairness` (else
 * `significance`) is used, leaving out its label, prediction and id columns so only the
 * features are compared; with neither, `data.file` is required. A column gate on the p-value
 * of a column forced to a distance could never be judged, so it is a problem here.
 */
export function normaliseData(written: ParsedConfig): { data?: DataConfig; problems: Problem[] } {
  const d = written.data;
  if (!d) return { problems: [] };
  const problems: Problem[] = [];
  const f = written.fairness;
  const s = written.significance;
  let file = d.file;
  let fileKey = "data.file";
  let format = d.format;
  const ignore = [...d.ignore];
  if (file === undefined) {
    const predictions = f?.predictions ?? s?.predictions;
    if (!predictions) {
      return {
        problems: [
          { path: ["data", "file"], message: "is required (or set fairness.predictions)" },
        ],
      };
    }
    file = predictions;
    fileKey = f?.predictions ? "fairness.predictions" : "significance.predictions";
    format = format ?? (f?.predictions ? f.format : undefined);
    const notFeatures = [
      f?.label ?? s?.label ?? "label",
      f?.prediction ?? s?.prediction ?? "prediction",
      ...(s ? [s.id] : []),
    ];
    for (const column of notFeatures) if (!ignore.includes(column)) ignore.push(column);
  }
  for (const [column, g] of Object.entries(d.gates.columns)) {
    if (g.max === undefined && g.min_p_value === undefined) {
      problems.push({
        path: ["data", "gates", "columns", column],
        message: "needs max or min_p_value",
      });
    }
    const forced = d.per_column[column]?.method ?? d.method;
    if (g.min_p_value !== undefined && forced && DRIFT_METHOD_SPECS[forced].scale === "distance") {
      problems.push({
        path: ["data", "gates", "columns", column, "min_p_value"],
        message: `${forced} gives a distance, not a p-value; gate it with max`,
      });
    }
  }
  return {
    problems,
    data: {
      file,
      fileKey,
      format,
      columns: d.columns,
      ignore,
      method: d.method,
      threshold: d.threshold,
      perColumn: d.per_column,
      driftShare: d.drift_share,
      gates: {
        driftShare: d.gates.drift_share,
        driftedColumns: d.gates.drifted_columns,
        columns: Object.entries(d.gates.columns).map(([column, g]) => ({
          column,
          max: g.max,
          minPValue: g.min_p_value,
        })),
      },
    },
  };
}
