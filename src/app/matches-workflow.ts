import type { WorkflowRun } from "../scm/scm.js";

/**
 * Whether a run belongs to the configured workflow, named by file (`train.yml`), by path
 * (`.github/workflows/train.yml`) or by its display name.
 */
export function matchesWorkflow(run: WorkflowRun, workflow: string): boolean {
  const path = run.workflowPath.split("@")[0] ?? "";
  const file = path.split("/").pop() ?? "";
  return (
    path === workflow ||
    file === workflow ||
    (run.workflowName !== "" && run.workflowName === workflow)
  );
}
