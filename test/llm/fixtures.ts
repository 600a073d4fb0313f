import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of a file under test/fixtures/llm. */
export function llmFixturePath(...parts: string[]): string {
  return join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "llm", ...parts);
}

/** A fixture's bytes. */
export function readLlmFixture(...parts: string[]): Buffer {
  return readFileSync(llmFixturePath(...parts));
}
