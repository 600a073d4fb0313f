import { copyFile, mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";
import { npm, runProgram } from "./npm.js";
import { startServer } from "./start-server.js";

// What a user gets from `npm pack` and `npm install -g`, and what the container image installs:
// the tarball built by prepack, installed from the registry's packages (the cache `npm ci` just
// filled, so this stays quick and works offline once the lock's packages were fetched).
const root = join(import.meta.dirname, "..", "..");
const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version: string };
const EXAMPLE = [
  "check",
  "--config",
  "examples/sentiment/.github/mlgate.yml",
  "--head",
  "examples/sentiment/pull-request",
  "--base",
  "examples/sentiment/main",
];

let work: string;
let tarball: string;
let packed: string[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "mlgate-package-"));
  // prepack builds dist/ from a clean slate; the tarball holds what `files` names.
  const [result] = JSON.parse(await npm(["pack", "--json", "--pack-destination", work], root)) as {
    filename: string;
    files: { path: string }[];
  }[];
  if (!result) throw new Error("npm pack printed no result");
  tarball = join(work, result.filename);
  packed = result.files.map((f) => f.path);
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("npm pack", () => {
  it("packs the built CLI, the app, the schema and nothing of the sources or tests", () => {
    for (const file of [
      "package.json",
      "README.md",
      "LICENSE",
      "app.yml",
      "schema/mlgate.schema.json",
      "dist/cli/index.js",
      "dist/app/index.js",
      "dist/app/server.js",
      "dist/evidence/predictions/csv-part-worker.js",
    ]) {
      expect(packed, file).toContain(file);
    }
    expect(
      packed.filter(
        (f) => !/^(dist\/.*\.js|app\.yml|schema\/.*|package\.json|README\.md|LICENSE)$/.test(f),
      ),
    ).toEqual([]);
  });
});

it("the Dockerfile builds on Node 24 and runs a packed file with node itself", async () => {
  const dockerfile = await readFile(join(root, "Dockerfile"), "utf8");
  const bases = [...dockerfile.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
  expect(bases.length).toBeGreaterThan(0);
  for (const base of bases) expect(base).toMatch(/^node:24(-|$)/);
  const cmd = JSON.parse(dockerfile.match(/^CMD\s+(\[.*\])\s*$/m)?.[1] ?? "[]") as string[];
  expect(cmd[0]).toBe("node");
  expect(packed).toContain(cmd[1]);
});

describe("npm install -g from the tarball", () => {
  let mlgate: string;
  beforeAll(async () => {
    const prefix = join(work, "global");
    await npm(["install", "--global", "--prefix", prefix, "--prefer-offline", tarball], work);
    mlgate = join(prefix, "bin", "mlgate");
  }, 600_000);

  it("gives a working mlgate: --version, --help, and the example's review", async () => {
    expect(await runProgram(mlgate, ["--version"], { cwd: work })).toEqual({
      code: 0,
      stdout: `${pkg.version}\n`,
      stderr: "",
    });
    const help = await runProgram(mlgate, ["--help"], { cwd: work });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("validate");

    const review = await runProgram(mlgate, EXAMPLE, { cwd: root });
    expect(review.stderr).toBe("");
    expect(review.code).toBe(0);
    expect(review.stdout).toContain("mlgate: passed");
    // The installed binary prints exactly the review the sources print.
    expect(review.stdout).toBe((await runCli(EXAMPLE, root)).stdout);

    const validate = await runProgram(
      mlgate,
      ["validate", "examples/sentiment/.github/mlgate.yml"],
      {
        cwd: root,
      },
    );
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain("demographic_parity_ratio");
  });
});

describe("the container image's install, without a Docker engine", () => {
  let app: string;
  beforeAll(async () => {
    // As the Dockerfile does: the unpacked tarball, the lock beside it, runtime packages only.
    app = join(work, "image");
    await mkdir(app);
    await runProgram("tar", ["-xzf", tarball, "-C", app, "--strip-components=1"], { cwd: work });
    await copyFile(join(root, "package-lock.json"), join(app, "package-lock.json"));
    await npm(["ci", "--omit=dev", "--prefer-offline"], app);
  }, 600_000);

  it("npm ci --omit=dev accepts the lock and installs no development package", async () => {
    await expect(stat(join(app, "node_modules", "probot"))).resolves.toBeDefined();
    // The lock marks what only development needs (the devDependencies and what they alone pull in).
    const lock = JSON.parse(await readFile(join(root, "package-lock.json"), "utf8")) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const devOnly = Object.entries(lock.packages).filter(([, entry]) => entry.dev === true);
    expect(devOnly.map(([path]) => path)).toContain("node_modules/vitest");
    for (const [path] of devOnly) {
      await expect(stat(join(app, path)), path).rejects.toThrow();
    }
  });

  it("starts with node dist/app/server.js under NODE_ENV=production and answers", async () => {
    const server = await startServer(app);
    try {
      const ping = await fetch(`${server.url}/ping`);
      expect(ping.status).toBe(200);
      expect(await ping.text()).toBe("PONG");
      // The webhook endpoint is Probot's: a signed delivery is accepted, an unsigned one refused.
      expect((await server.deliver({ zen: "Keep it logically awesome." }, "ping")).status).toBe(
        200,
      );
      expect(
        (await server.deliver({ zen: "unsigned" }, "ping", { sign: false })).status,
      ).toBeGreaterThanOrEqual(400);
    } finally {
      expect(await server.stop()).toBe(true);
    }
  });

  it("without an APP_ID in production, says so in one line and exits 1", async () => {
    const result = await runProgram(process.execPath, ["dist/app/server.js"], {
      cwd: app,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "production" },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("mlgate: the app cannot start: App ID is missing");
  });
});
