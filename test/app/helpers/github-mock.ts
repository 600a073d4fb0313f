import nock from "nock";
import { HEAD_RUN_ID, HEAD_SHA, PR_NUMBER, REPO } from "./payloads.js";

export const API = "https://api.github.com";
export const BLOB = "https://artifacts.blob.example";
const R = `/repos/${REPO}`;

/** The config most tests use: one gated metric with a change gate. */
export const CONFIG = `workflow: train.yml
artifact: eval-results
metrics:
  files: ["metrics.json"]
  gates:
    accuracy: { min: 0.8, max_regression: 0.01 }
override:
  label: mlgate/accept-regression
`;

/** A request nock answered, as `METHOD /path?query`. */
export type Seen = string;

/**
 * nock scopes for the GitHub API and the artifact storage, with a log of every request they
 * answered (the installation token excluded: Probot asks for it once per installation).
 */
export class GitHubMock {
  readonly api = nock(API);
  /** The storage refuses requests that carry an Authorization header: a token must not leak there. */
  readonly blob = nock(BLOB, { badheaders: ["authorization"] });
  readonly seen: Seen[] = [];
  readonly downloads: Seen[] = [];
  readonly bodies = new Map<string, unknown[]>();

  constructor() {
    this.api.on("request", (req: { method: string; path: string }) => {
      if (!req.path.startsWith("/app/"))
        this.seen.push(`${req.method} ${decodeURIComponent(req.path)}`);
    });
    this.blob.on("request", (req: { method: string; path: string }) => {
      this.downloads.push(`${req.method} ${req.path}`);
    });
    this.api
      .post("/app/installations/1/access_tokens")
      // Once per Probot instance (a restarted process asks again).
      .optionally()
      .times(5)
      .reply(201, { token: "ghs_testtoken", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
  }

  /** Requests to the GitHub API (not the storage), in order. */
  get count(): number {
    return this.seen.length;
  }

  private capture(name: string) {
    return (body: unknown) => {
      const list = this.bodies.get(name) ?? [];
      list.push(body);
      this.bodies.set(name, list);
      return true;
    };
  }

  /** Bodies sent to one kind of write, e.g. `check` or `comment`. */
  sent<T = Record<string, unknown>>(name: string): T[] {
    return (this.bodies.get(name) ?? []) as T[];
  }

  config(text: string | null = CONFIG): this {
    const scope = this.api.get(`${R}/contents/.github%2Fmlgate.yml`);
    if (text === null) scope.reply(404, { message: "Not Found" });
    else
      scope.reply(200, {
        type: "file",
        encoding: "base64",
        name: "mlgate.yml",
        path: ".github/mlgate.yml",
        content: Buffer.from(text).toString("base64"),
      });
    return this;
  }

  /** The repository's newest artifacts named eval-results. */
  artifacts(list: { id: number; runId: number; sha?: string; expired?: boolean }[]): this {
    this.api
      .get(`${R}/actions/artifacts`)
      .query({ name: "eval-results", per_page: "100" })
      .reply(200, {
        total_count: list.length,
        artifacts: list.map((a) => artifact(a.id, a.runId, a.expired, a.sha)),
      });
    return this;
  }

  runArtifacts(runId: number, list: { id: number; expired?: boolean }[]): this {
    this.api
      .get(`${R}/actions/runs/${runId}/artifacts`)
      .query({ name: "eval-results", per_page: "100" })
      .reply(200, {
        total_count: list.length,
        artifacts: list.map((a) => artifact(a.id, runId, a.expired)),
      });
    return this;
  }

  /** The zip redirect and the signed download. */
  download(artifactId: number, zip: Buffer): this {
    this.api
      .get(`${R}/actions/artifacts/${artifactId}/zip`)
      .reply(302, "", { location: `${BLOB}/a/${artifactId}.zip?sig=s3cr3t&se=soon` });
    this.blob
      .get(`/a/${artifactId}.zip`)
      .query({ sig: "s3cr3t", se: "soon" })
      .reply(200, zip, { "content-type": "application/zip", "content-length": String(zip.length) });
    return this;
  }

  expiredDownload(artifactId: number): this {
    this.api
      .get(`${R}/actions/artifacts/${artifactId}/zip`)
      .reply(410, { message: "Artifact has expired" });
    return this;
  }

  compare(mergeBase: string, headSha = HEAD_SHA, base = "master"): this {
    this.api
      .get(`${R}/compare/${base}...${headSha}`)
      .query({ per_page: "1" })
      .reply(200, {
        status: "diverged",
        merge_base_commit: { sha: mergeBase },
        base_commit: { sha: mergeBase },
      });
    return this;
  }

  /** Successful push runs of train.yml on the base branch, newest first. */
  baseRuns(runs: { id: number; sha: string; number?: number }[], branch = "master"): this {
    this.api
      .get(`${R}/actions/workflows/train.yml/runs`)
      .query({ branch, event: "push", status: "success", per_page: "100" })
      .reply(200, {
        total_count: runs.length,
        workflow_runs: runs.map((r) => ({
          id: r.id,
          run_number: r.number ?? r.id,
          event: "push",
          status: "completed",
          conclusion: "success",
          head_sha: r.sha,
          head_branch: branch,
          html_url: `https://github.com/${REPO}/actions/runs/${r.id}`,
          head_repository: { full_name: REPO },
        })),
      });
    return this;
  }

  /** First-parent history from `sha` (each commit's parent is the next one). */
  commits(sha: string, history: string[]): this {
    this.api
      .get(`${R}/commits`)
      .query({ sha, per_page: "100" })
      .reply(
        200,
        history.map((c, i) => ({
          sha: c,
          parents: history[i + 1] ? [{ sha: history[i + 1] }] : [],
        })),
      );
    return this;
  }

  /** The newest run of train.yml for a commit (`undefined`: none yet). */
  runForCommit(
    sha: string,
    run?: { id?: number; status?: string; conclusion?: string | null; createdAt?: string },
  ): this {
    this.api
      .get(`${R}/actions/workflows/train.yml/runs`)
      .query({ head_sha: sha, per_page: "1" })
      .reply(200, {
        total_count: run ? 1 : 0,
        workflow_runs: run
          ? [
              {
                id: run.id ?? HEAD_RUN_ID,
                run_number: 163,
                run_attempt: 1,
                name: "train",
                path: ".github/workflows/train.yml",
                event: "pull_request",
                status: run.status ?? "completed",
                conclusion: run.conclusion === undefined ? "success" : run.conclusion,
                head_sha: sha,
                head_branch: "changes",
                html_url: `https://github.com/${REPO}/actions/runs/${run.id ?? HEAD_RUN_ID}`,
                created_at: run.createdAt ?? "2024-05-01T10:00:00Z",
                head_repository: { full_name: REPO },
                pull_requests: [],
              },
            ]
          : [],
      });
    return this;
  }

  pull(
    changes: { headSha?: string; labels?: string[]; author?: string; number?: number } = {},
  ): this {
    const number = changes.number ?? PR_NUMBER;
    this.api.get(`${R}/pulls/${number}`).reply(200, pull(number, changes));
    return this;
  }

  checkCreate(id = 5000): this {
    this.api
      .post(`${R}/check-runs`, this.capture("check"))
      .reply(201, (_uri, body) => checkRun(id, body));
    return this;
  }

  checkUpdate(id = 5000): this {
    this.api
      .patch(`${R}/check-runs/${id}`, this.capture("check"))
      .reply(200, (_uri, body) => checkRun(id, body));
    return this;
  }

  checks(
    sha: string,
    runs: { id: number; status: string; conclusion?: string | null; externalId?: string }[],
  ): this {
    this.api
      .get(`${R}/commits/${sha}/check-runs`)
      .query({ check_name: "mlgate", filter: "all", per_page: "100" })
      .reply(200, {
        total_count: runs.length,
        check_runs: runs.map((r) => ({
          id: r.id,
          name: "mlgate",
          head_sha: sha,
          status: r.status,
          conclusion: r.conclusion ?? null,
          external_id: r.externalId ?? null,
          html_url: `https://github.com/${REPO}/runs/${r.id}`,
          app: { slug: "mlgate" },
        })),
      });
    return this;
  }

  comments(
    list: { id: number; body: string; login?: string; type?: string }[],
    number = PR_NUMBER,
  ): this {
    this.api
      .get(`${R}/issues/${number}/comments`)
      .query({ per_page: "100", page: "1" })
      .reply(
        200,
        list.map((c) => ({
          id: c.id,
          body: c.body,
          html_url: `https://github.com/${REPO}/pull/${number}#issuecomment-${c.id}`,
          user: { login: c.login ?? "mlgate[bot]", type: c.type ?? "Bot" },
        })),
      );
    return this;
  }

  commentCreate(number = PR_NUMBER): this {
    this.api.post(`${R}/issues/${number}/comments`, this.capture("comment")).reply(201, {
      id: 777,
      html_url: `https://github.com/${REPO}/pull/${number}#issuecomment-777`,
    });
    return this;
  }

  commentUpdate(id: number): this {
    this.api.patch(`${R}/issues/comments/${id}`, this.capture("comment")).reply(200, {
      id,
      html_url: `https://github.com/${REPO}/pull/${PR_NUMBER}#issuecomment-${id}`,
    });
    return this;
  }

  permission(user: string, permission: string, role = permission): this {
    this.api
      .get(`${R}/collaborators/${user}/permission`)
      .reply(200, { permission, role_name: role, user: { login: user } });
    return this;
  }

  labelEvents(
    events: { label: string; by: string; at: string; event?: string }[],
    number = PR_NUMBER,
  ): this {
    this.api
      .get(`${R}/issues/${number}/events`)
      .query({ per_page: "100", page: "1" })
      .reply(
        200,
        events.map((e, i) => ({
          id: i + 1,
          event: e.event ?? "labeled",
          label: { name: e.label },
          actor: { login: e.by },
          created_at: e.at,
        })),
      );
    return this;
  }

  files(names: string[], number = PR_NUMBER): this {
    this.api
      .get(`${R}/pulls/${number}/files`)
      .query({ per_page: "100", page: "1" })
      .reply(
        200,
        names.map((filename) => ({ filename, status: "modified" })),
      );
    return this;
  }

  /** Open pull requests of a fork's branch. */
  forkPulls(head: string, list: { number: number; headSha: string; headRepo: string }[]): this {
    this.api
      .get(`${R}/pulls`)
      .query({ head, state: "open", per_page: "100" })
      .reply(
        200,
        list.map((p) =>
          pull(p.number, { headSha: p.headSha, headRepo: p.headRepo, headRef: "patch-1" }),
        ),
      );
    return this;
  }
}

function artifact(id: number, runId: number, expired = false, sha = HEAD_SHA) {
  return {
    id,
    name: "eval-results",
    size_in_bytes: 1234,
    expired,
    archive_download_url: `${API}${R}/actions/artifacts/${id}/zip`,
    workflow_run: { id: runId, head_sha: sha, repository_id: 1, head_repository_id: 1 },
  };
}

function pull(
  number: number,
  changes: {
    headSha?: string;
    labels?: string[];
    author?: string;
    headRepo?: string;
    headRef?: string;
  },
) {
  return {
    number,
    html_url: `https://github.com/${REPO}/pull/${number}`,
    state: "open",
    user: { login: changes.author ?? "Codertocat" },
    labels: (changes.labels ?? []).map((name) => ({ name })),
    head: {
      sha: changes.headSha ?? HEAD_SHA,
      ref: changes.headRef ?? "changes",
      repo: { full_name: changes.headRepo ?? REPO },
    },
    base: { ref: "master", sha: "f95f852bd8fca8fcc58a9a2d6c842781e32a215e" },
  };
}

function checkRun(id: number, body: unknown) {
  const b = body as {
    head_sha?: string;
    status?: string;
    conclusion?: string;
    external_id?: string;
  };
  return {
    id,
    name: "mlgate",
    head_sha: b.head_sha ?? HEAD_SHA,
    status: b.status ?? "queued",
    conclusion: b.conclusion ?? null,
    external_id: b.external_id ?? null,
    html_url: `https://github.com/${REPO}/runs/${id}`,
  };
}

export { HEAD_RUN_ID };
