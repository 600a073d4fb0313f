import type { DataConfig } from "../config/data-config.js";
import type { GateResult } from "../gate-result.js";
import { buildDriftReport } from "./build-drift-report.js";
import type { DataCheck, DataEvidence } from "./data-check.js";
import { evaluateDataGates } from "./evaluate-data-gates.js";

/** The data check of a review and its gates, from the data evidence and `data:`. */
export function reviewData(
  evidence: DataEvidence | undefined,
  config: DataConfig | undefined,
): { check: DataCheck; gates: GateResult[] } | undefined {
  if (!config || !evidence) return undefined;
  const result = evidence.base
    ? buildDriftReport(evidence.base, evidence.head, {
        columns: config.columns,
        ignore: config.ignore,
        method: config.method,
        threshold: config.threshold,
        perColumn: config.perColumn,
        driftShare: config.driftShare,
        methodSource: "data.method",
      })
    : undefined;
  const baseMissing = evidence.base ? undefined : (evidence.baseMissing ?? "no baseline data");
  return {
    check: {
      file: evidence.file,
      result,
      baseMissing,
      headRows: evidence.head.rows,
      headColumns: evidence.head.columns.length,
    },
    gates: evaluateDataGates(result?.report, config.gates, baseMissing ?? ""),
  };
}
