import nock from "nock";
import { makeZip } from "../helpers/make-zip.js";
import { HEAD_SHA, REPO } from "./helpers.js";

export const API = "https://api.github.com";
export const BLOB = "https://artifacts.blob.example";
export const BASE_SHA = "b".repeat(40);
const R = `/repos/${REPO}`;

/** An artifact zip holding one `metrics.json`. */
export function metricsZip(metrics: Record<string, number>): Buffer {
  return makeZip([{ name: "metrics.json", data: JSON.stringify(metrics) }]);
}

/**
 * nock scopes for the API and the artifact storage that log every request they answer, as
 * `METHOD /path` (query left out), and keep the bodies of writes. The storage refuses requests
 * carrying a token.
 */
export class GitHubMock {
  readonly api = nock(API);
  readonly blob = nock(BLOB, { badheaders: ["authorization"] });
  readonly seen: string[] = [];
  readonly bodies: { check: Record<string, unknown>[]; comment: Record<string, unknown>[] } = {
    check: [],
    comment: [],
  };

  constructor() {
    const log = (req: { method: string; path: string }) =>
      this.seen.push(`${req.method} ${decodeURIComponent(req.path.split("?")[0] ?? "")}`);
    this.api.on("request", log);
    this.blob.on("request", log);
  }

  config(text: string): this {
    this.api.get(`${R}/contents/.github%2Fmlgate.yml`).reply(200, {
      type: "file",
      encoding: "base64",
      content: Buffer.from(text).toString("base64"),
    });
    return this;
  }

  /** The merge base, one successful push run on it, its artifact and the download. */
  baseline(metrics: Record<string, number>, headSha = HEAD_SHA): this {
    this.api
      .get(`${R}/compare/master...${headSha}`)
      .query(true)
      .reply(200, { merge_base_commit: { sha: BASE_SHA } });
    this.api
      .get(`${R}/actions/workflows/train.yml/runs`)
      .query({ branch: "master", event: "push", status: "success", per_page: "100" })
      .reply(200, {
        total_count: 1,
        workflow_runs: [
          {
            id: 900,
            run_number: 9,
            html_url: `https://github.com/${REPO}/actions/runs/900`,
            head_sha: BASE_SHA,
            event: "push",
            conclusion: "success",
            head_repository: { full_name: REPO },
          },
        ],
      });
    this.artifacts([{ id: 55, runId: 900 }]);
    return this.download(55, metricsZip(metrics));
  }

  artifacts(list: { id: number; runId: number }[]): this {
    this.api
      .get(`${R}/actions/artifacts`)
      .query({ name: "eval-results", per_page: "100" })
      .reply(200, {
        total_count: list.length,
        artifacts: list.map((a) => ({
          id: a.id,
          name: "eval-results",
          expired: false,
          size_in_bytes: 200,
          workflow_run: { id: a.runId },
        })),
      });
    return this;
  }

  download(artifactId: number, zip: Buffer): this {
    this.api
      .get(`${R}/actions/artifacts/${artifactId}/zip`)
      .reply(302, "", { location: `${BLOB}/a/${artifactId}.zip?sig=s3cr3t` });
    this.blob
      .get(`/a/${artifactId}.zip`)
      .query(true)
      .reply(200, zip, { "content-type": "application/zip" });
    return this;
  }

  /** `POST check-runs`, answered with `status` (201, or 403 for a read-only token). */
  check(status = 201, headSha = HEAD_SHA): this {
    this.api
      .post(`${R}/check-runs`, (body: Record<string, unknown>) => {
        this.bodies.check.push(body);
        return true;
      })
      .reply(
        status,
        status === 201
          ? {
              id: 77,
              head_sha: headSha,
              status: "completed",
              conclusion: "success",
              external_id: null,
              html_url: `https://github.com/${REPO}/runs/77`,
            }
          : { message: "Resource not accessible by integration" },
      );
    return this;
  }

  /** No review comment yet: list, then create. */
  comment(): this {
    this.api.get(`${R}/issues/2/comments`).query(true).reply(200, []);
    this.api
      .post(`${R}/issues/2/comments`, (body: Record<string, unknown>) => {
        this.bodies.comment.push(body);
        return true;
      })
      .reply(201, { id: 1, html_url: `https://github.com/${REPO}/pull/2#issuecomment-1` });
    return this;
  }

  /** Any call nock did not expect fails the test with its name. */
  done(): void {
    const pending = nock.pendingMocks();
    if (pending.length > 0) throw new Error(`requests not made: ${pending.join(", ")}`);
  }
}
