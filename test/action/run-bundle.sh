#!/usr/bin/env bash
# Runs the BUILT Action (action/dist/index.js) the way a runner does — INPUT_* and GITHUB_*
# variables, an event payload file, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files — against the
# sentiment example committed in a throwaway repository, in dry-run mode with the git baseline
# (no network). Checks the step's exit code, its outputs and the job summary.
#
#   test/action/run-bundle.sh        (from any folder; exits non-zero on the first mismatch)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bundle="$root/action/dist/index.js"
example="$root/examples/sentiment"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fail() { echo "run-bundle: $*" >&2; exit 1; }
[ -f "$bundle" ] || fail "no $bundle; run npm run build:action"

# The repository as actions/checkout with fetch-depth: 0 leaves it: master has the config and
# the baseline's results, the pull request branch has new results, origin/master exists.
repo="$work/repo"
mkdir -p "$repo/.github" "$repo/eval"
git -C "$repo" init -q --initial-branch=master
git -C "$repo" config user.name "mlgate test"
git -C "$repo" config user.email "test@example.com"
git -C "$repo" config commit.gpgsign false
cp "$example/.github/mlgate.yml" "$repo/.github/mlgate.yml"
cp "$example/main/"* "$repo/eval/"
git -C "$repo" add . && git -C "$repo" commit -q -m "baseline"
base="$(git -C "$repo" rev-parse HEAD)"
git -C "$repo" checkout -q -b changes
cp "$example/pull-request/"* "$repo/eval/"
git -C "$repo" commit -q -a -m "new model"
head="$(git -C "$repo" rev-parse HEAD)"
git -C "$repo" update-ref refs/remotes/origin/master "$base"

# A real pull_request payload (@octokit/webhooks-examples), pointed at this head.
runner="$work/runner"
mkdir -p "$runner/temp"
node -e '
  const [examples, head, out] = process.argv.slice(1);
  const all = JSON.parse(require("fs").readFileSync(examples, "utf8"));
  const payload = all.find((e) => e.name === "pull_request").examples.find((p) => p.action === "opened");
  payload.pull_request.head.sha = head;
  require("fs").writeFileSync(out, JSON.stringify(payload));
' "$root/node_modules/@octokit/webhooks-examples/api.github.com/index.json" "$head" "$runner/event.json"

step() { # step EVENT SHA REF: runs the bundle as one workflow step; sets $code
  : > "$runner/output"
  : > "$runner/summary.md"
  set +e
  env -i PATH="$PATH" HOME="$work" CI=true GITHUB_ACTIONS=true \
    GITHUB_EVENT_NAME="$1" GITHUB_EVENT_PATH="$runner/event.json" \
    GITHUB_REPOSITORY=Codertocat/Hello-World GITHUB_SHA="$2" GITHUB_REF="$3" \
    GITHUB_WORKSPACE="$repo" GITHUB_API_URL=https://api.github.invalid \
    GITHUB_SERVER_URL=https://github.com GITHUB_RUN_ID=4242 GITHUB_RUN_NUMBER=17 \
    GITHUB_WORKFLOW=train GITHUB_WORKFLOW_REF="Codertocat/Hello-World/.github/workflows/train.yml@$3" \
    GITHUB_OUTPUT="$runner/output" GITHUB_STEP_SUMMARY="$runner/summary.md" \
    RUNNER_TEMP="$runner/temp" \
    INPUT_CONFIG=.github/mlgate.yml INPUT_RESULTS=eval INPUT_TOKEN=unused \
    INPUT_BASELINE=git INPUT_COMMENT=true INPUT_CHECK=true \
    INPUT_FAIL-ON-GATE=true INPUT_DRY-RUN=true \
    node "$bundle" > "$runner/log" 2>&1
  code=$?
  set -e
}
expect_in() { grep -qF -- "$2" "$1" || { cat "$runner/log" >&2; fail "$1 lacks: $2"; }; }

# 1. The pull request: compared with the merge base, comment and check written to files.
step pull_request "$head" refs/pull/2/merge
[ "$code" = 0 ] || { cat "$runner/log" >&2; fail "pull_request: exit code $code, want 0"; }
expect_in "$runner/output" "passed<<"
expect_in "$runner/output" "$runner/temp/mlgate/report.json"
expect_in "$runner/output" "file://$runner/temp/mlgate/comment-2.md"
expect_in "$runner/summary.md" "✅ mlgate: passed"
expect_in "$runner/summary.md" "eval at the merge base with origin/master"
expect_in "$runner/summary.md" "Bias check"
expect_in "$runner/temp/mlgate/comment-2.md" "<!-- mlgate:sha=$head -->"
expect_in "$runner/temp/mlgate/check-${head:0:12}.json" '"conclusion": "success"'
node -e 'const r = require(process.argv[1]); if (r.passed !== true || r.baseline.sha !== process.argv[2]) process.exit(1)' \
  "$runner/temp/mlgate/report.json" "$base" || fail "report.json does not say passed against $base"
grep -A1 '^passed<<' "$runner/output" | grep -qx true || fail "output passed is not true"

# 2. The merge queue's group for it: the group's head is the pull request merged onto master.
#    Compared with the merge base on master, the check on the group's head, no comment.
rm -rf "$runner/temp/mlgate"
queue="gh-readonly-queue/master/pr-2-$head"
git -C "$repo" checkout -q --detach "$head"
git -C "$repo" commit -q --allow-empty -m "Merge pull request #2"
group="$(git -C "$repo" rev-parse HEAD)"
printf '{"action":"checks_requested","merge_group":{"head_sha":"%s","head_ref":"refs/heads/%s","base_sha":"%s","base_ref":"refs/heads/master"}}' \
  "$group" "$queue" "$base" > "$runner/event.json"
step merge_group "$group" "refs/heads/$queue"
[ "$code" = 0 ] || { cat "$runner/log" >&2; fail "merge_group: exit code $code, want 0"; }
expect_in "$runner/summary.md" "**Merge queue:** group gh-readonly-queue/master/pr-2-"
expect_in "$runner/summary.md" "✅ mlgate: passed"
expect_in "$runner/summary.md" "eval at the merge base with origin/master"
expect_in "$runner/temp/mlgate/check-${group:0:12}.json" '"conclusion": "success"'
[ ! -e "$runner/temp/mlgate/comment-2.md" ] || fail "merge_group: a comment was written"
# The same group with results that regress: the step fails, so the queue does not merge it.
node -e '
  const fs = require("fs"), path = process.argv[1];
  const m = JSON.parse(fs.readFileSync(path, "utf8"));
  m.eval.accuracy -= 0.1;
  fs.writeFileSync(path, JSON.stringify(m));
' "$repo/eval/metrics.json"
step merge_group "$group" "refs/heads/$queue"
[ "$code" = 1 ] || { cat "$runner/log" >&2; fail "merge_group regression: exit code $code, want 1"; }
expect_in "$runner/summary.md" "❌ mlgate: failed"
git -C "$repo" checkout -q -- eval
git -C "$repo" checkout -q changes

# 3. The push that merges it: compared with the parent commit, nothing to post.
rm -rf "$runner/temp/mlgate"
git -C "$repo" checkout -q master && git -C "$repo" merge -q --ff-only changes
printf '{"ref":"refs/heads/master","before":"%s","after":"%s"}' "$base" "$head" > "$runner/event.json"
step push "$head" refs/heads/master
[ "$code" = 0 ] || { cat "$runner/log" >&2; fail "push: exit code $code, want 0"; }
expect_in "$runner/summary.md" "eval at the parent commit"
[ ! -e "$runner/temp/mlgate/comment-2.md" ] || fail "push: a comment was written"

[ -n "${MLGATE_SHOW_SUMMARY:-}" ] && cat "$runner/summary.md" "$runner/log"
echo "run-bundle: ok (pull_request, merge_group and push, dry run, git baseline)"
