import { Octokit } from "@octokit/rest";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { OctokitScm } from "../../src/scm/github/octokit-scm.js";

const API = "https://api.github.com";
const R = "/repos/o/r";
const SHA = "1".repeat(40);

function scm(): OctokitScm {
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  return new OctokitScm(new Octokit({ auth: "t", log: quiet }), {
    owner: "o",
    repo: "r",
    botLogin: "mlgate[bot]",
  });
}

/** Whether a string is well-formed UTF-16 (no surrogate half on its own). */
function wellFormed(text: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

type Sent = {
  output: {
    title: string;
    summary: string;
    text?: string;
    annotations?: { message: string; title: string }[];
  };
};

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

async function sentCheck(check: Parameters<OctokitScm["createCheck"]>[0]): Promise<Sent> {
  let sent: Sent | undefined;
  nock(API)
    .post(`${R}/check-runs`, (body: Sent) => {
      sent = body;
      return true;
    })
    .reply(201, { id: 3, head_sha: SHA, status: "completed", conclusion: "failure" });
  await scm().createCheck(check);
  if (!sent) throw new Error("nothing sent");
  return sent;
}

describe("check-run limits as GitHub counts them", () => {
  test("an annotation message is cut to 64 KB of UTF-8, not 64,000 UTF-16 units", async () => {
    // 40,000 two-byte characters: 40,000 units, 80,000 bytes.
    const sent = await sentCheck({
      headSha: SHA,
      status: "completed",
      conclusion: "failure",
      title: "t",
      summary: "s",
      annotations: [{ path: "m.json", title: "g", message: "é".repeat(40_000), level: "failure" }],
    });
    const message = sent.output.annotations?.[0]?.message ?? "";
    expect(Buffer.byteLength(message, "utf8")).toBeLessThanOrEqual(64 * 1024);
    expect(message.length).toBeGreaterThan(30_000);
    expect(wellFormed(message)).toBe(true);
  });

  test("a cut summary, text or title never splits a surrogate pair", async () => {
    // An emoji (two UTF-16 units) straddling every cut point in turn.
    for (const shift of [0, 1]) {
      const long = `${"a".repeat(65_535 - 40 + shift)}${"😀".repeat(50)}`;
      const sent = await sentCheck({
        headSha: SHA,
        status: "completed",
        conclusion: "failure",
        title: `${"t".repeat(254 - shift)}😀😀`,
        summary: long,
        text: long,
      });
      for (const field of [sent.output.title, sent.output.summary, sent.output.text ?? ""]) {
        expect(wellFormed(field)).toBe(true);
      }
      expect(sent.output.summary.length).toBeLessThanOrEqual(65_535);
      expect(sent.output.title.length).toBeLessThanOrEqual(255);
    }
  });
});
