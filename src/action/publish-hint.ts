/**
 * What to do when a run cannot publish: the `workflow_run` workflow that posts the comment and
 * the check run with the base repository's token, without running the pull request's code.
 *
 * @param workflowName - the training workflow's `name:` (what `workflow_run.workflows` matches)
 * @param actionRef - how a workflow refers to this Action (`owner/mlgate@v1`)
 */
export function publishHint(workflowName: string, actionRef: string): string {
  return [
    "The review is in the job summary, and this step passes or fails by the gates. To post the",
    "comment and the check run on the pull request, add a workflow that runs when this one",
    "completes. It runs with the base repository's token and never checks out the pull request:",
    "",
    "  on:",
    "    workflow_run:",
    `      workflows: [${JSON.stringify(workflowName)}]`,
    "      types: [completed]",
    "  permissions: { actions: read, contents: read, checks: write, pull-requests: write }",
    "  jobs:",
    "    publish:",
    "      runs-on: ubuntu-latest",
    "      steps:",
    `        - uses: ${actionRef}`,
    "          with: { fail-on-gate: false }",
    "",
    "Never use pull_request_target with a checkout of the pull request for this.",
    'See the README of mlgate, "Pull requests from forks".',
  ].join("\n");
}
