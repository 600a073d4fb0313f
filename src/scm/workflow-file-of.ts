const WORKFLOWS_DIR = ".github/workflows/";

/**
 * The workflow's file name (`train.yml`) from a path in any form GitHub gives it: `train.yml`,
 * `.github/workflows/train.yml`, or `owner/repo/.github/workflows/train.yml@refs/heads/main`
 * (a run's `path` and `GITHUB_WORKFLOW_REF` carry the ref after `@`).
 */
export function workflowFileOf(path: string): string {
  const at = path.lastIndexOf(WORKFLOWS_DIR);
  const rest = at >= 0 ? path.slice(at + WORKFLOWS_DIR.length) : path;
  const file = rest.split("@")[0] ?? "";
  return file.slice(file.lastIndexOf("/") + 1);
}
