import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { parse } from "yaml";

const root = join(import.meta.dirname, "..", "..");
const metadata = parse(readFileSync(join(root, "action.yml"), "utf8"));
const source = readdirSync(join(root, "src", "action"))
  .map((name) => readFileSync(join(root, "src", "action", name), "utf8"))
  .join("\n");

// `uses: OWNER/mlgate@v1` reads action.yml at the repository's root; the Marketplace lists
// only such actions, with a description of at most 125 characters.
test("action.yml sits at the root, as the Marketplace wants it", () => {
  expect(existsSync(join(root, "action", "action.yml"))).toBe(false);
  expect(metadata.name).toMatch(/mlgate/);
  expect(typeof metadata.description).toBe("string");
  expect(metadata.description.length).toBeLessThanOrEqual(125);
  expect(metadata.branding).toEqual({ icon: expect.any(String), color: expect.any(String) });
  expect(metadata.runs).toEqual({ using: "node24", main: "action/dist/index.js" });
  expect(existsSync(join(root, metadata.runs.main))).toBe(true);
});

test("it declares exactly the inputs the code reads and the outputs it sets", () => {
  const read = new Set(
    [...source.matchAll(/(?:io\.input|booleanInput\(io,)\s*\(?\s*"([a-z-]+)"/g)].map((m) => m[1]),
  );
  const set = new Set([...source.matchAll(/setOutput\(\s*"([a-z-]+)"/g)].map((m) => m[1]));
  expect(read.size).toBeGreaterThan(5);
  expect(Object.keys(metadata.inputs).sort()).toEqual([...read].sort());
  expect(Object.keys(metadata.outputs).sort()).toEqual([...set].sort());
  expect(set).toContain("report-path");
  for (const [name, input] of Object.entries<{ description: string }>(metadata.inputs)) {
    expect(input.description, name).toBeTruthy();
  }
  // The token's documented permissions include reading the repository (config, merge base).
  expect(metadata.inputs.token.description).toContain("contents: read");
});
