import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { RunnerIo } from "../../src/action/runner-io.js";
import { cleanUp, parseOutputs, tempDir } from "./helpers.js";

afterEach(cleanUp);

test("outputs survive values that look like the heredoc syntax", async () => {
  const file = join(await tempDir(), "output");
  const io = new RunnerIo({ GITHUB_OUTPUT: file }, () => {});
  io.setOutput("a", "one\ntwo");
  io.setOutput("b", "EOF\nc<<EOF\nx");
  expect(parseOutputs(await readFile(file, "utf8"))).toEqual({
    a: "one\ntwo",
    b: "EOF\nc<<EOF\nx",
  });
});

test("workflow commands keep a message on one line and properties from breaking out", () => {
  let log = "";
  const io = new RunnerIo({ "INPUT_FAIL-ON-GATE": " true " }, (t) => {
    log += t;
  });
  io.error("50% worse\nsee summary", { title: "a: b, c" });
  expect(log).toBe("::error title=a%3A b%2C c::50%25 worse%0Asee summary\n");
  expect(io.input("fail-on-gate")).toBe("true");
});
