import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { dirSource } from "../../src/evidence/dir-source.js";

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), "mlgate-dir-"));
  root = join(base, "artifact");
  await mkdir(join(root, "eval", "nested"), { recursive: true });
  await mkdir(join(root, ".git"));
  await writeFile(join(root, "metrics.json"), '{"acc": 0.9}');
  await writeFile(join(root, ".hidden.json"), "{}");
  await writeFile(join(root, "eval", "nested", "deep.yaml"), "a: 1\n");
  await writeFile(join(root, ".git", "HEAD"), "ref: refs/heads/main\n");
  await writeFile(join(base, "secret.txt"), "top secret");
  await symlink(join(base, "secret.txt"), join(root, "escape.json"));
  await symlink(base, join(root, "up"));
  await symlink(join(root, "metrics.json"), join(root, "alias.json"));
  await symlink(join(root, "eval"), join(root, "eval-link"));
  await symlink(root, join(root, "eval", "loop"));
  await symlink(join(base, "missing"), join(root, "dangling.json"));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe("dirSource", () => {
  it("lists files recursively, sorted, with file links that stay inside, without .git or folder links", async () => {
    expect(await dirSource(root).list()).toEqual([
      ".hidden.json",
      "alias.json",
      "eval/nested/deep.yaml",
      "metrics.json",
    ]);
  });

  it("reads and streams a file", async () => {
    const source = dirSource(root);
    expect((await source.read("metrics.json")).toString()).toBe('{"acc": 0.9}');
    expect(await text(await source.open("eval/nested/deep.yaml"))).toBe("a: 1\n");
    expect((await source.read("alias.json")).toString()).toBe('{"acc": 0.9}');
  });

  it("refuses links out of the folder and climbing paths", async () => {
    const source = dirSource(root);
    await expect(source.read("escape.json")).rejects.toThrow(/link to outside the folder/);
    await expect(source.read("up/secret.txt")).rejects.toThrow(/link to outside the folder/);
    await expect(source.open("escape.json")).rejects.toThrow(InputError);
    await expect(source.read("../secret.txt")).rejects.toThrow(/climbs out/);
    await expect(source.read("/etc/passwd")).rejects.toThrow(/absolute/);
  });

  it("says which file is missing or too large", async () => {
    const source = dirSource(root);
    await expect(source.read("nope.json")).rejects.toThrow(/no file nope\.json/);
    await expect(source.read("metrics.json", 5)).rejects.toThrow(/larger than the 5-byte limit/);
    await expect(source.read("eval")).rejects.toThrow(/not a regular file/);
  });

  it("fails with an InputError for a folder that does not exist", async () => {
    const missing = join(base, "nope");
    await expect(dirSource(missing).list()).rejects.toSatisfy(
      (error) =>
        error instanceof InputError && error.toUserMessage() === `${missing}: no such folder`,
    );
  });
});
