import { expect, test } from "vitest";
import { workflowFileOf } from "../../src/scm/workflow-file-of.js";

test.each([
  ["train.yml", "train.yml"],
  [".github/workflows/train.yml", "train.yml"],
  ["octo/models/.github/workflows/train.yml@refs/heads/main", "train.yml"],
  ["octo/models/.github/workflows/train.yaml@refs/pull/7/merge", "train.yaml"],
  ["octo/models/.github/workflows/nightly/train.yml@v1", "train.yml"],
  ["octo/models/.github/workflows/train.yml@feature/a@b", "train.yml"],
  ["", ""],
])("%s is the workflow file %s", (path, file) => {
  expect(workflowFileOf(path)).toBe(file);
});
