import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { COMMENT_MARKER } from "../../src/core/render/render-comment.js";
import { cliCases, cliFolders } from "./cases/cli-cases.js";
import { configCases } from "./cases/config-cases.js";
import { dirCases, folders } from "./cases/dir-cases.js";
import { predictionCases } from "./cases/predictions-cases.js";
import { readerCases } from "./cases/reader-cases.js";
import { fairnessRenderCases, renderCases } from "./cases/render-cases.js";
import { zipCases } from "./cases/zip-cases.js";
import { runTable, tally } from "./harness.js";
import { registerReaderProperties, registerRenderProperties } from "./properties.js";
import { expectSafeMarkdown } from "./safe-markdown.js";

/**
 * The hostile-input corpus (issue 7, deliverable 1): every case names its input and the
 * behaviour it must get, and runs through mlgate's real entry points. The summary line at the
 * end is counted from the runs: `npx vitest run test/hostile`.
 */
const CORPUS = {
  "artifact zips": zipCases,
  folders: dirCases,
  "metric readers": readerCases,
  config: configCases,
  "rendering metric names": renderCases,
  "rendering group names": fairnessRenderCases,
  "predictions (bias check)": predictionCases,
  "mlgate CLI": cliCases,
} as const;

for (const [category, cases] of Object.entries(CORPUS)) {
  describe(`hostile corpus: ${category}`, () => runTable(category, cases));
}

describe(
  "property: readers, config, zips and predictions take any input",
  registerReaderProperties,
);
describe("property: renderings of random names stay intact", registerRenderProperties);

describe("the render checks themselves catch a broken rendering", () => {
  const ok = `${COMMENT_MARKER}\n### mlgate\n\n| Metric | Base |\n| - | - |\n| acc | 1 |\n`;
  it.each([
    ["an extra cell", ok.replace("| acc |", "| a | cc |")],
    ["a row broken by a newline", ok.replace("| acc | 1 |", "| acc\n# x | 1 |")],
    ["raw HTML", ok.replace("acc", "<img src=x>")],
    ["a second marker", ok.replace("acc", COMMENT_MARKER)],
    ["an HTML comment", ok.replace("acc", "<!-- x")],
    ["a mention", ok.replace("acc", "@org/team")],
    ["an issue reference", ok.replace("acc", "#12")],
    ["a GH- reference", ok.replace("acc", "GH-12")],
    ["an autolink", ok.replace("acc", "https&#58;//x and https://x")],
    ["a link", ok.replace("acc", "[x](y)")],
    ["a bidi override", ok.replace("acc", "a\u202ec")],
    ["an unclosed fence", `${ok}\n\`\`\`\n`],
    [
      "a Mermaid label that ends early",
      `${ok}\n\`\`\`mermaid\nxychart-beta\n  x-axis ["a" "b"]\n\`\`\`\n`,
    ],
  ])("%s", (_, md) => {
    expect(() => expectSafeMarkdown(ok, { marker: true })).not.toThrow();
    expect(() => expectSafeMarkdown(md, { marker: true })).toThrow();
  });
});

afterAll(() => {
  for (const dir of [...folders, ...cliFolders]) rmSync(dir, { recursive: true, force: true });
  const corpus = Object.values(CORPUS).reduce((n, cases) => n + cases.length, 0);
  const line = `hostile inputs: ${tally.corpus + tally.generated} tried (${tally.corpus} corpus cases, ${tally.generated} generated), ${tally.crashes} crashes, ${tally.unsafe} unsafe renderings, ${tally.wrong} wrong outcomes`;
  console.log(line);
  for (const failure of tally.failures) console.log(`  ${failure}`);
  expect(corpus).toBeGreaterThanOrEqual(200);
  // A filtered run (-t) executes part of the corpus; the zeros hold for whatever ran.
  expect(tally.crashes).toBe(0);
  expect(tally.unsafe).toBe(0);
  expect(tally.wrong).toBe(0);
});
