import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Writes the run's JSON report to `<tempDir>/mlgate/report.json` and returns its path: the
 * `report-path` output, set on every run so that `if: always()` steps find a file to read.
 */
export async function writeReport(tempDir: string, report: unknown): Promise<string> {
  const dir = join(tempDir, "mlgate");
  await mkdir(dir, { recursive: true });
  const path = join(dir, "report.json");
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`, "utf8");
  return path;
}

/** The report of a run that could not review: failed, and why, one problem per line. */
export function errorReport(problems: readonly string[]): {
  passed: false;
  verdict: "failed";
  headline: string;
  errors: readonly string[];
} {
  return {
    passed: false,
    verdict: "failed",
    headline: `mlgate could not review: ${problems[0] ?? "unknown error"}`,
    errors: problems,
  };
}
