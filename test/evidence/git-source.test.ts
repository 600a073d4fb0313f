import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { text } from "node:stream/consumers";
import { type SimpleGit, simpleGit } from "simple-git";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { gitSource, mergeBase } from "../../src/evidence/git-source.js";

let repo: string;
let git: SimpleGit;
let first: string;
let forkPoint: string;
let feature: string;
const BINARY = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 10, 13, 0]);

async function commit(files: Record<string, string | Buffer>, message: string): Promise<string> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(repo, path, ".."), { recursive: true });
    await writeFile(join(repo, path), content);
  }
  await git.add(".");
  await git.commit(message);
  return (await git.revparse(["HEAD"])).trim();
}

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), "mlgate-git-"));
  git = simpleGit(repo);
  await git.init(["--initial-branch=main"]);
  await git.addConfig("user.name", "Test");
  await git.addConfig("user.email", "test@example.com");
  await git.addConfig("commit.gpgsign", "false");
  first = await commit({ "eval/metrics.json": '{"acc": 0.80}' }, "first");
  await symlink("/etc/passwd", join(repo, "eval", "link.json"));
  forkPoint = await commit(
    {
      "eval/metrics.json": '{"acc": 0.85}',
      "eval/events.bin": BINARY,
      "eval/name with spaces é.json": "{}",
    },
    "base metrics",
  );
  await git.checkoutLocalBranch("feature");
  feature = await commit({ "eval/metrics.json": '{"acc": 0.90}' }, "feature");
  await git.checkout("main");
  await commit({ "README.md": "# main moves on\n" }, "main");
}, 30_000);

afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe("gitSource", () => {
  it("lists committed files at a revision, without symlinks, with odd names intact", async () => {
    const source = await gitSource(repo, forkPoint);
    expect(source.label).toBe(`git ${forkPoint.slice(0, 7)}`);
    expect(await source.list()).toEqual([
      "eval/events.bin",
      "eval/metrics.json",
      "eval/name with spaces é.json",
    ]);
  });

  it("reads the committed bytes, not the working tree, binary-safe", async () => {
    await writeFile(join(repo, "eval", "metrics.json"), '{"acc": "dirty"}');
    const source = await gitSource(repo, "main~1");
    expect((await source.read("eval/metrics.json")).toString()).toBe('{"acc": 0.85}');
    expect((await source.read("eval/events.bin")).equals(BINARY)).toBe(true);
    expect((await source.read("eval/name with spaces é.json")).toString()).toBe("{}");
    expect(await text(await source.open("eval/metrics.json"))).toBe('{"acc": 0.85}');
    expect((await (await gitSource(repo, first)).read("eval/metrics.json")).toString()).toBe(
      '{"acc": 0.80}',
    );
  });

  it("refuses a file over the byte cap before reading it", async () => {
    const source = await gitSource(repo, forkPoint);
    await expect(source.read("eval/metrics.json", 5)).rejects.toThrow(
      /13 bytes, more than the 5 allowed/,
    );
  });

  it("says which file is missing, and refuses symlinks and unlisted paths", async () => {
    const source = await gitSource(repo, forkPoint);
    await expect(source.read("nope.json")).rejects.toThrow(/no file nope\.json at/);
    await expect(source.read("eval/link.json")).rejects.toThrow(InputError);
    await expect(source.open("../outside")).rejects.toThrow(InputError);
  });

  it("refuses unknown revisions and option-like revisions with an InputError", async () => {
    await expect(gitSource(repo, "no-such-branch")).rejects.toThrow(/no commit "no-such-branch"/);
    await expect(gitSource(repo, "--output=/tmp/x")).rejects.toThrow(/is not a git revision/);
    await expect(gitSource(join(repo, "missing-dir"), "HEAD")).rejects.toThrow(InputError);
  });
});

describe("mergeBase", () => {
  it("finds the fork point of a branch", async () => {
    expect(await mergeBase(repo, "feature", "main")).toBe(forkPoint);
    expect(await mergeBase(repo, feature, "main")).toBe(forkPoint);
  });

  it("fails clearly for unrelated histories", async () => {
    await git.checkout(["--orphan", "unrelated"]);
    await git.rm(["-rf", "--cached", "."]);
    await writeFile(join(repo, "other.txt"), "x");
    await git.add("other.txt");
    await git.commit("unrelated root");
    await git.checkout(["-f", "main"]);
    await expect(mergeBase(repo, "unrelated", "main")).rejects.toThrow(/have no common ancestor/);
  });
});
