import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { closestName } from "../../src/cli/closest-name.js";
import { COMMANDS } from "../../src/cli/commands.js";
import { runCli } from "./run-cli.js";

const version = JSON.parse(readFileSync("package.json", "utf8")).version as string;

describe("mlgate --version and --help", () => {
  it("prints the package's version", async () => {
    for (const flag of ["--version", "-v"]) {
      const r = await runCli([flag], process.cwd());
      expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    }
  });

  it("lists every command with one line on what it does", async () => {
    const r = await runCli(["--help"], process.cwd());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`mlgate ${version}`);
    for (const c of COMMANDS) {
      expect(r.stdout).toMatch(new RegExp(`^  ${c.name} +${escapeRegExp(c.help.summary)}$`, "m"));
    }
    expect(r.stdout).toContain("-v, --version  print mlgate's version");
  });

  it("without a command prints the help on stderr and exits 2", async () => {
    const r = await runCli([], process.cwd());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Commands:");
  });

  it.each(COMMANDS.map((c) => c.name))(
    "mlgate %s --help describes every option in one line",
    async (name) => {
      const command = COMMANDS.find((c) => c.name === name)!;
      const r = await runCli([name, "--help"], process.cwd());
      expect(r.code).toBe(0);
      expect(r.stdout.startsWith(`Usage: mlgate ${name} `)).toBe(true);
      const options = Object.entries(command.help.options);
      expect(options.map(([long]) => long)).toEqual(expect.arrayContaining(["help", "debug"]));
      for (const [long, option] of options) {
        expect(option.description.trim()).not.toBe("");
        expect(option.description).not.toContain("\n");
        const line = r.stdout
          .split("\n")
          .find((l) => l.includes(`--${long}`) && l.includes(option.description));
        expect(line, `--${long} in mlgate ${name} --help`).toBeDefined();
      }
      // `help COMMAND` and `COMMAND -h` print the same text.
      expect((await runCli(["help", name], process.cwd())).stdout).toBe(r.stdout);
      expect((await runCli([name, "-h"], process.cwd())).stdout).toBe(r.stdout);
    },
  );

  it("check --help as the user reads it", async () => {
    const r = await runCli(["check", "--help"], process.cwd());
    expect(r.stdout).toMatchInlineSnapshot(`
      "Usage: mlgate check --head PATH [--config FILE] [--base PATH | --base-ref REV] [--format text|markdown|json] [--precision N]

      Reviews PATH against the baseline and prints the review exactly as the app would post it.
      --base-ref REV also reads the first-parent history of the committed files, for trends and
      significance: history. Without --config, .github/mlgate.yml (here or in the nearest folder
      above, up to the top of the git checkout) is used and named on stderr; with none, nothing is
      gated and the verdict is neutral.
      Exit 0 when every gate passes, 1 when a gate fails, 2 on bad input.

      Options:
            --config FILE    the configuration; without it, .github/mlgate.yml here or in the nearest folder above, up to the top of the git checkout (none: nothing is gated, neutral)
            --head PATH      the results to review: a folder or an artifact zip (required)
            --base PATH      the baseline's results: a folder or an artifact zip
            --base-ref REV   the baseline as committed at the merge base of HEAD and REV, with its history
            --format FORMAT  text (aligned tables; the default on a terminal), markdown (the comment the app would post; the default when piped) or json
            --precision N    significant digits of values (default: as many as it takes to show a change)
            --debug          on an unexpected error, print its stack trace
        -h, --help           show this help
      "
    `);
  });
});

describe("mistakes", () => {
  it.each([
    ["chek", "check"],
    ["dif", "diff"],
    ["fairnes", "fairness"],
    ["valdiate", "validate"],
    ["Check", "check"],
    ["val", "validate"],
  ])("an unknown command %s suggests %s", async (typed, meant) => {
    const r = await runCli([typed, "--head", "x"], process.cwd());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `mlgate: unknown command "${typed}"; did you mean "${meant}"? (see mlgate --help)\n`,
    );
  });

  it("an unknown command with nothing near lists the commands", async () => {
    const r = await runCli(["deploy"], process.cwd());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'mlgate: unknown command "deploy" (expected check, diff, fairness, drift, history or validate; see mlgate --help)\n',
    );
  });

  it("an unknown option suggests the command's nearest option", async () => {
    const r = await runCli(["check", "--haed", "out"], process.cwd());
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "mlgate: unknown option --haed; did you mean --head? (see mlgate check --help)\n",
    );
    const far = await runCli(["diff", "a", "b", "--colour"], process.cwd());
    expect(far.code).toBe(2);
    expect(far.stderr).toMatch(
      /^mlgate: Unknown option '--colour'.* \(see mlgate diff --help\)\n$/,
    );
  });

  it("closestName keeps quiet rather than guess wildly", () => {
    expect(closestName("x", ["check", "diff"])).toBeUndefined();
    expect(closestName("cehck", ["check", "diff"])).toBe("check");
    expect(closestName("d", ["check", "diff"])).toBeUndefined();
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
