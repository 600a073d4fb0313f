import nock from "nock";

export const API = "https://api.github.com";
export const BLOB = "https://artifacts.blob.example";
export const REPO = "Codertocat/Hello-World";
/** What the fake answers for an installation token: it must never reach a log or a body. */
export const INSTALLATION_TOKEN = "ghs_FaultMatrixInstallationTok3n0001";
/** The signature of a signed artifact URL (a secret while it is valid). */
export const URL_SIGNATURE = "sv=2024&sig=Sign3dUrlS3cret";

const R = `/repos/${REPO}`;
const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** A request as the fake saw it. */
export interface FakeRequest {
  readonly host: "api" | "blob";
  readonly method: string;
  readonly url: URL;
  readonly body: unknown;
  readonly headers: Record<string, unknown>;
}

/** One GitHub call mlgate makes, as the matrix names it. */
export interface CallSpec {
  /** `GET contents (config)` */
  readonly name: string;
  readonly host: "api" | "blob";
  readonly method: string;
  /** Matched against the pathname (decoded) and the search string. */
  readonly path: RegExp;
  readonly search?: RegExp | undefined;
  /** A write: may have happened before the answer failed. */
  readonly write?: boolean | undefined;
}

/** What a fault does to one request. */
export type Fault =
  | {
      readonly kind: "status";
      readonly status: number;
      readonly body: unknown;
      readonly headers?: Record<string, string> | undefined;
    }
  /** The connection fails (a socket timeout or reset): no HTTP answer at all. */
  | { readonly kind: "socket"; readonly code: string }
  /** The answer comes, but later than the client waits. */
  | { readonly kind: "slow"; readonly ms: number }
  /** The write lands, then the gateway answers 502 (the client cannot know it happened). */
  | { readonly kind: "after-write"; readonly status: number };

interface Plan {
  readonly call: CallSpec;
  readonly fault: Fault;
  remaining: number;
}

interface Comment {
  id: number;
  body: string;
  login: string;
  type: string;
}

export interface CheckRunState {
  id: number;
  head_sha: string;
  status: string;
  conclusion: string | null;
  external_id: string | null;
  output: { title?: string; summary?: string; text?: string };
  slug: string;
  /** When the check run was created (ISO 8601); set on create, optional when seeded. */
  started_at?: string | undefined;
}

export interface PullState {
  number: number;
  headSha: string;
  headRepo: string;
  headRef: string;
  labels: string[];
  author: string;
}

export interface RunState {
  id: number;
  number: number;
  sha: string;
  event: "push" | "pull_request" | "merge_group";
  branch: string;
  headRepo: string;
  createdAt: string;
  /** `completed` (successfully) unless said otherwise. */
  status?: "queued" | "in_progress" | "completed";
  /** How a completed run ended: `success` unless said otherwise. */
  conclusion?: "success" | "failure" | "cancelled";
}

export interface ArtifactState {
  id: number;
  runId: number;
  name: string;
  zip: Buffer;
  expired?: boolean;
}

/** Every GitHub call mlgate makes, by the name the matrix gives it. */
export const CALLS = {
  token: {
    name: "POST installation token",
    host: "api",
    method: "POST",
    path: /^\/app\/installations\/\d+\/access_tokens$/,
  },
  installations: {
    name: "GET app installations",
    host: "api",
    method: "GET",
    path: /^\/app\/installations$/,
  },
  config: { name: "GET contents (config)", host: "api", method: "GET", path: p("contents/.+") },
  pull: { name: "GET pull request", host: "api", method: "GET", path: p("pulls/\\d+") },
  openPulls: {
    name: "GET pulls?state=open (list)",
    host: "api",
    method: "GET",
    path: p("pulls"),
    // Not the fork lookup (`head=`).
    search: /^(?!.*[?&]head=).*state=open/,
  },
  forkPulls: {
    name: "GET pulls?head= (fork lookup)",
    host: "api",
    method: "GET",
    path: p("pulls"),
    search: /head=/,
  },
  files: {
    name: "GET pull request files",
    host: "api",
    method: "GET",
    path: p("pulls/\\d+/files"),
  },
  runForCommit: {
    name: "GET workflow runs?head_sha=",
    host: "api",
    method: "GET",
    path: p("actions/workflows/[^/]+/runs"),
    search: /head_sha=/,
  },
  baseRuns: {
    name: "GET base-branch push runs",
    host: "api",
    method: "GET",
    path: p("actions/workflows/[^/]+/runs"),
    search: /event=push/,
  },
  compare: { name: "GET compare (merge base)", host: "api", method: "GET", path: p("compare/.+") },
  ancestors: { name: "GET commits (ancestors)", host: "api", method: "GET", path: p("commits") },
  artifacts: {
    name: "GET artifacts?name= (list)",
    host: "api",
    method: "GET",
    path: p("actions/artifacts"),
  },
  headRunArtifacts: {
    name: "GET run artifacts (head run)",
    host: "api",
    method: "GET",
    path: p("actions/runs/7100/artifacts"),
  },
  baseRunArtifacts: {
    name: "GET run artifacts (baseline run)",
    host: "api",
    method: "GET",
    path: p("actions/runs/900/artifacts"),
  },
  headZip: {
    name: "GET artifact zip redirect (head)",
    host: "api",
    method: "GET",
    path: p("actions/artifacts/(11|31)/zip"),
  },
  headBlob: {
    name: "GET signed URL download (head)",
    host: "blob",
    method: "GET",
    path: /^\/a\/(11|31)\.zip$/,
  },
  baseZip: {
    name: "GET artifact zip redirect (baseline)",
    host: "api",
    method: "GET",
    path: p("actions/artifacts/22/zip"),
  },
  baseBlob: {
    name: "GET signed URL download (baseline)",
    host: "blob",
    method: "GET",
    path: /^\/a\/22\.zip$/,
  },
  queueRefs: {
    name: "GET matching-refs (merge queue branches)",
    host: "api",
    method: "GET",
    path: p("git/matching-refs/heads/gh-readonly-queue/"),
  },
  findCheck: {
    name: "GET commit check-runs",
    host: "api",
    method: "GET",
    path: p("commits/[0-9a-f]{40}/check-runs"),
  },
  checkCreate: {
    name: "POST check-runs",
    host: "api",
    method: "POST",
    path: p("check-runs"),
    write: true,
  },
  checkUpdate: {
    name: "PATCH check-runs/:id",
    host: "api",
    method: "PATCH",
    path: p("check-runs/\\d+"),
    write: true,
  },
  comments: {
    name: "GET issue comments",
    host: "api",
    method: "GET",
    path: p("issues/\\d+/comments"),
  },
  commentCreate: {
    name: "POST issue comment",
    host: "api",
    method: "POST",
    path: p("issues/\\d+/comments"),
    write: true,
  },
  commentUpdate: {
    name: "PATCH issue comment",
    host: "api",
    method: "PATCH",
    path: p("issues/comments/\\d+"),
    write: true,
  },
  permission: {
    name: "GET collaborator permission",
    host: "api",
    method: "GET",
    path: p("collaborators/[^/]+/permission"),
  },
  events: {
    name: "GET issue events (labeler)",
    host: "api",
    method: "GET",
    path: p("issues/\\d+/events"),
  },
} satisfies Record<string, CallSpec>;

function p(rest: string): RegExp {
  return new RegExp(`^${esc(R)}/${rest}$`);
}

function matches(call: CallSpec, req: FakeRequest): boolean {
  return (
    call.host === req.host &&
    call.method === req.method &&
    call.path.test(decodeURIComponent(req.url.pathname)) &&
    (call.search === undefined || call.search.test(req.url.search))
  );
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

/**
 * A stateful GitHub (API and artifact storage), answering `fetch` in memory (`install`) or through
 * nock (`listen`): pull requests, runs, artifacts, check runs and comments live in memory and
 * change with each write, so a retried or repeated write shows up as what it would be on GitHub
 * (a second comment, a second check run). Faults are planned per call and consumed in order; a
 * planned fault on a write can let the write land first (`after-write`, `slow`).
 */
export class FakeGitHub {
  configText: string | undefined;
  readonly pulls = new Map<number, PullState>();
  readonly runs: RunState[] = [];
  /** First-parent history of the base branch, newest first. */
  history: string[] = [];
  /** Commits the base branch has beyond the merge base (compare's `behind_by`). */
  behindBy = 0;
  readonly artifacts: ArtifactState[] = [];
  readonly checks: CheckRunState[] = [];
  readonly comments = new Map<number, Comment[]>();
  readonly permissions = new Map<string, string>();
  readonly labelEvents = new Map<
    number,
    { label: string; by: string; at: string; event?: "labeled" | "unlabeled" }[]
  >();
  readonly files = new Map<number, string[]>();
  /** Branches beyond pull requests' (a merge queue's), full ref name → commit. */
  readonly refs = new Map<string, string>();
  /** Every request, in order. */
  readonly requests: FakeRequest[] = [];
  /** Requests to the storage that carried an Authorization header (a leaked token). */
  readonly leakedToStorage: FakeRequest[] = [];
  /** Refs asked for when the config was read (undefined: the default branch). */
  readonly configRefs: (string | undefined)[] = [];
  /** Faults served, by call name. */
  readonly injected: { call: string; fault: string }[] = [];
  readonly plans: Plan[] = [];
  #nextCheck = 6000;
  #nextComment = 1000;
  /** Where this GitHub answers: the API and the artifact storage. */
  readonly api: string;
  readonly blob: string;

  constructor(origins: { api?: string; blob?: string } = {}) {
    this.api = origins.api ?? API;
    this.blob = origins.blob ?? BLOB;
  }

  /**
   * Answers every request through nock (real sockets emulated: for tests that also run a real
   * server). Until `nock.cleanAll()`.
   */
  listen(): this {
    for (const [host, base] of [
      ["api", this.api],
      ["blob", this.blob],
    ] as const) {
      const scope = nock(base).persist();
      for (const method of ["GET", "POST", "PATCH", "PUT", "DELETE"]) {
        const fake = this;
        scope
          .intercept(() => true, method)
          .reply(async function (this: { req: { headers: Record<string, unknown> } }, uri, body) {
            const answer = await fake
              .#handle(
                { host, method, url: new URL(uri, base), body, headers: this.req.headers },
                undefined,
              )
              .catch((error: unknown) => {
                // nock fails the socket with the error itself.
                throw (error as { cause?: unknown }).cause ?? error;
              });
            return [answer.status, answer.body ?? "", answer.headers ?? {}];
          });
      }
    }
    return this;
  }

  /**
   * Answers every `fetch` of this process to its origins (Octokit's and the artifact download's)
   * in memory, the way undici would: a socket failure rejects with `TypeError("fetch failed")` and
   * its cause, an aborted request with the signal's reason. About 50 times faster than nock.
   * Several fakes on different origins may be installed at once. Returns the undo.
   */
  install(): () => void {
    return installFake(this);
  }

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const host = url.origin === this.api ? "api" : url.origin === this.blob ? "blob" : undefined;
    if (!host) throw notFoundHost(url);
    const text = request.body ? await request.text() : "";
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text
    }
    const answer = await this.#handle(
      {
        host,
        method: request.method,
        url,
        body,
        headers: Object.fromEntries(request.headers),
      },
      init?.signal ?? undefined,
    );
    const headers = new Headers(answer.headers);
    let payload: Uint8Array | string | null = null;
    if (Buffer.isBuffer(answer.body)) payload = new Uint8Array(answer.body);
    else if (typeof answer.body === "string") {
      payload = answer.body;
      if (!headers.has("content-type")) headers.set("content-type", "text/html; charset=utf-8");
    } else if (answer.body !== undefined) {
      payload = JSON.stringify(answer.body);
      headers.set("content-type", "application/json; charset=utf-8");
    }
    if ([204, 304].includes(answer.status) || payload === "") payload = null;
    const response = new Response(payload, { status: answer.status, headers });
    // As undici's: the URL answered (Octokit's pagination reads it).
    Object.defineProperty(response, "url", { value: request.url });
    return response;
  };

  /** Makes the next `times` requests of `call` fail with `fault`. */
  fail(call: CallSpec, fault: Fault, times: number): this {
    this.plans.push({ call, fault, remaining: times });
    return this;
  }

  clearFaults(): void {
    this.plans.length = 0;
  }

  /** Requests of one call. */
  count(call: CallSpec): number {
    return this.requests.filter((r) => matches(call, r)).length;
  }

  /** The check runs of a commit, newest first (the newest is what GitHub shows). */
  checksOf(sha: string): CheckRunState[] {
    return this.checks.filter((c) => c.head_sha === sha).sort((a, b) => b.id - a.id);
  }

  commentsOf(number: number): Comment[] {
    return this.comments.get(number) ?? [];
  }

  seedCheck(check: Partial<CheckRunState> & { id: number; head_sha: string }): this {
    this.checks.push({
      status: "queued",
      conclusion: null,
      external_id: null,
      output: {},
      slug: "mlgate",
      ...check,
    });
    return this;
  }

  seedComment(number: number, comment: Omit<Comment, "id"> & { id?: number }): this {
    const list = this.comments.get(number) ?? [];
    list.push({ id: comment.id ?? this.#nextComment++, ...comment });
    this.comments.set(number, list);
    return this;
  }

  async #handle(req: FakeRequest, signal: AbortSignal | undefined): Promise<Answer> {
    this.requests.push(req);
    if (req.host === "blob" && req.headers.authorization) {
      this.leakedToStorage.push(req);
    }
    const plan = this.plans.find((p) => p.remaining > 0 && matches(p.call, req));
    if (!plan) return this.#route(req);
    plan.remaining--;
    this.injected.push({ call: plan.call.name, fault: plan.fault.kind });
    const { fault } = plan;
    switch (fault.kind) {
      case "status":
        return { status: fault.status, body: fault.body, headers: fault.headers };
      case "socket": {
        const cause = Object.assign(new Error(`connect ${fault.code} 140.82.112.6:443`), {
          code: fault.code,
        });
        throw new TypeError("fetch failed", { cause });
      }
      case "slow": {
        // GitHub did the work; its answer comes after the client stopped waiting.
        const answer = this.#route(req);
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, fault.ms);
          signal?.addEventListener("abort", () => {
            clearTimeout(timer);
            reject(signal.reason);
          });
        });
        return answer;
      }
      case "after-write":
        this.#route(req);
        return { status: fault.status, body: "<html>502 Bad Gateway</html>" };
    }
  }

  /** Who a token writes as: the app's installation token, or a workflow's token. */
  #author(req: FakeRequest): string {
    return String(req.headers.authorization ?? "").includes(INSTALLATION_TOKEN)
      ? "mlgate[bot]"
      : "github-actions[bot]";
  }

  #route(req: FakeRequest): Answer {
    const path = decodeURIComponent(req.url.pathname);
    const q = req.url.searchParams;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const is = (call: keyof typeof CALLS) => matches(CALLS[call], req);
    if (is("token")) {
      return {
        status: 201,
        body: { token: INSTALLATION_TOKEN, expires_at: "2099-01-01T00:00:00Z", permissions: {} },
      };
    }
    if (req.host === "blob") {
      const id = Number(path.match(/^\/a\/(\d+)\.zip$/)?.[1]);
      const artifact = this.artifacts.find((a) => a.id === id);
      if (!artifact || q.get("sig") !== "Sign3dUrlS3cret") return { status: 404, body: "" };
      return {
        status: 200,
        body: artifact.zip,
        headers: {
          "content-type": "application/zip",
          "content-length": String(artifact.zip.length),
        },
      };
    }
    if (is("config")) {
      this.configRefs.push(q.get("ref") ?? undefined);
      if (q.get("ref") !== null || this.configText === undefined) {
        return { status: 404, body: { message: "Not Found" } };
      }
      return {
        status: 200,
        body: {
          type: "file",
          encoding: "base64",
          name: "mlgate.yml",
          path: ".github/mlgate.yml",
          content: Buffer.from(this.configText).toString("base64"),
        },
      };
    }
    if (req.method === "GET" && path === "/app/installations") {
      return {
        status: 200,
        body: [{ id: 1, account: { login: "Codertocat" }, suspended_at: null }],
      };
    }
    if (req.method === "GET" && path === "/installation/repositories") {
      const [owner, name] = REPO.split("/");
      return {
        status: 200,
        body: {
          total_count: 1,
          repositories: [
            {
              id: 1296269,
              name,
              full_name: REPO,
              owner: { login: owner },
              archived: false,
              open_issues_count: this.pulls.size,
              pushed_at: "2024-05-01T10:00:00Z",
            },
          ],
        },
      };
    }
    if (is("openPulls")) {
      // Open pull requests, most recently created first (GitHub's default order is similar).
      const list = [...this.pulls.values()].sort((a, b) => b.number - a.number);
      const per = Number(q.get("per_page") ?? 30);
      const page = Number(q.get("page") ?? 1);
      return { status: 200, body: list.slice((page - 1) * per, page * per).map(pullData) };
    }
    if (is("forkPulls")) {
      const [owner, branch] = (q.get("head") ?? "").split(":");
      return {
        status: 200,
        body: [...this.pulls.values()]
          .filter((pr) => pr.headRepo.split("/")[0] === owner && pr.headRef === branch)
          .map(pullData),
      };
    }
    if (is("files")) {
      const number = Number(path.split("/").at(-2));
      const page = Number(q.get("page") ?? 1);
      const list = page === 1 ? (this.files.get(number) ?? []) : [];
      return { status: 200, body: list.map((filename) => ({ filename, status: "modified" })) };
    }
    if (is("pull")) {
      const pr = this.pulls.get(Number(path.split("/").at(-1)));
      return pr ? { status: 200, body: pullData(pr) } : notFound();
    }
    if (is("runForCommit")) {
      const run = this.runs.filter((r) => r.sha === q.get("head_sha")).at(-1);
      return {
        status: 200,
        body: { total_count: run ? 1 : 0, workflow_runs: run ? [runData(run)] : [] },
      };
    }
    if (is("baseRuns")) {
      // `status=success` lists only runs that completed successfully, as GitHub does.
      // Newest first, as GitHub lists them.
      const runs = this.runs
        .filter(
          (r) =>
            r.event === "push" &&
            r.branch === q.get("branch") &&
            (q.get("status") !== "success" || conclusionOf(r) === "success"),
        )
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
      return { status: 200, body: { total_count: runs.length, workflow_runs: runs.map(runData) } };
    }
    if (is("compare")) {
      if (this.history[0] === undefined) return notFound();
      return {
        status: 200,
        body: {
          status: "diverged",
          merge_base_commit: { sha: this.history[0] },
          behind_by: this.behindBy,
          base_commit: { sha: this.history[0] },
        },
      };
    }
    if (is("ancestors")) {
      const start = this.history.indexOf(q.get("sha") ?? "");
      const list = start < 0 ? [] : this.history.slice(start);
      return {
        status: 200,
        body: list.map((sha, i) => ({
          sha,
          parents: list[i + 1] ? [{ sha: list[i + 1] }] : [],
        })),
      };
    }
    if (is("artifacts") || /\/actions\/runs\/\d+\/artifacts$/.test(path)) {
      const runId = path.match(/\/actions\/runs\/(\d+)\/artifacts$/)?.[1];
      const name = q.get("name");
      const list = this.artifacts.filter(
        (a) =>
          (runId === undefined || a.runId === Number(runId)) && (name === null || a.name === name),
      );
      return {
        status: 200,
        body: {
          total_count: list.length,
          artifacts: list.map((a) => ({
            id: a.id,
            name: a.name,
            size_in_bytes: a.zip.length,
            expired: a.expired ?? false,
            archive_download_url: `${this.api}${R}/actions/artifacts/${a.id}/zip`,
            workflow_run: { id: a.runId },
          })),
        },
      };
    }
    const zip = path.match(/\/actions\/artifacts\/(\d+)\/zip$/);
    if (zip) {
      const id = Number(zip[1]);
      if (!this.artifacts.some((a) => a.id === id)) return notFound();
      return {
        status: 302,
        body: "",
        headers: { location: `${this.blob}/a/${id}.zip?${URL_SIGNATURE}` },
      };
    }
    if (is("queueRefs")) {
      // Refs starting with the prefix asked for, sorted by name, as GitHub lists them.
      const prefix = `refs/${path.split("/git/matching-refs/")[1] ?? ""}`;
      const list = [...this.refs]
        .filter(([ref]) => ref.startsWith(prefix))
        .sort(([a], [b]) => a.localeCompare(b));
      return {
        status: 200,
        body: list.map(([ref, sha]) => ({ ref, object: { sha, type: "commit" } })),
      };
    }
    if (is("findCheck")) {
      const sha = path.split("/").at(-2) ?? "";
      // GitHub's filters, when asked for: by name, app, one status, and the newest per name and app.
      const appId = q.get("app_id");
      let list = this.checksOf(sha).filter(
        (c) =>
          (!q.has("check_name") || q.get("check_name") === "mlgate") &&
          (appId === null || String(appIdOf(c)) === appId) &&
          (!q.has("status") || c.status === q.get("status")),
      );
      if (q.get("filter") === "latest") {
        list = list.filter((c, i) => list.findIndex((o) => o.slug === c.slug) === i);
      }
      return { status: 200, body: { total_count: list.length, check_runs: list.map(checkData) } };
    }
    if (is("checkCreate")) {
      const check: CheckRunState = {
        id: this.#nextCheck++,
        head_sha: String(body.head_sha),
        status: "queued",
        conclusion: null,
        external_id: null,
        output: {},
        slug: "mlgate",
        started_at: new Date().toISOString(),
      };
      applyCheck(check, body);
      this.checks.push(check);
      return { status: 201, body: checkData(check) };
    }
    if (is("checkUpdate")) {
      const check = this.checks.find((c) => c.id === Number(path.split("/").at(-1)));
      if (!check) return notFound();
      applyCheck(check, body);
      return { status: 200, body: checkData(check) };
    }
    if (is("comments")) {
      const number = Number(path.split("/").at(-2));
      const page = Number(q.get("page") ?? 1);
      const list = page === 1 ? this.commentsOf(number) : [];
      return { status: 200, body: list.map((c) => commentData(number, c)) };
    }
    if (is("commentCreate")) {
      const number = Number(path.split("/").at(-2));
      const text = String(body.body ?? "");
      if (text.length > 65_536) return tooLong();
      this.seedComment(number, { body: text, login: this.#author(req), type: "Bot" });
      return { status: 201, body: commentData(number, this.commentsOf(number).at(-1) as Comment) };
    }
    if (is("commentUpdate")) {
      const id = Number(path.split("/").at(-1));
      for (const [number, list] of this.comments) {
        const found = list.find((c) => c.id === id);
        if (!found) continue;
        const text = String(body.body ?? "");
        if (text.length > 65_536) return tooLong();
        found.body = text;
        return { status: 200, body: commentData(number, found) };
      }
      return notFound();
    }
    if (is("permission")) {
      const user = path.split("/").at(-2) ?? "";
      const permission = this.permissions.get(user);
      if (!permission) return notFound();
      const base =
        permission === "maintain" ? "write" : permission === "triage" ? "read" : permission;
      return {
        status: 200,
        body: { permission: base, role_name: permission, user: { login: user } },
      };
    }
    if (is("events")) {
      const number = Number(path.split("/").at(-2));
      const page = Number(q.get("page") ?? 1);
      const list = page === 1 ? (this.labelEvents.get(number) ?? []) : [];
      return {
        status: 200,
        body: list.map((e, i) => ({
          id: i + 1,
          event: e.event ?? "labeled",
          label: { name: e.label },
          actor: { login: e.by },
          created_at: e.at,
        })),
      };
    }
    if (path === "/app") return { status: 200, body: { id: 1, slug: "mlgate", name: "mlgate" } };
    return { status: 599, body: { message: `the fake has no route for ${req.method} ${path}` } };
  }
}

/** Fakes answering by origin, and the process's own fetch while any is installed. */
const installed = new Map<string, FakeGitHub>();
let realFetch: typeof fetch | undefined;

function installFake(gh: FakeGitHub): () => void {
  for (const origin of [gh.api, gh.blob]) {
    if (installed.has(origin)) throw new Error(`a fake GitHub already answers ${origin}`);
    installed.set(origin, gh);
  }
  if (!realFetch) {
    realFetch = globalThis.fetch;
    globalThis.fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      const fake = installed.get(url.origin);
      return fake ? fake.fetch(input, init) : Promise.reject(notFoundHost(url));
    };
  }
  return () => {
    installed.delete(gh.api);
    installed.delete(gh.blob);
    if (installed.size === 0 && realFetch) {
      globalThis.fetch = realFetch;
      realFetch = undefined;
    }
  };
}

/** What fetch does for a host that does not resolve (no real network in these tests). */
function notFoundHost(url: URL): TypeError {
  const cause = Object.assign(new Error(`getaddrinfo ENOTFOUND ${url.hostname}`), {
    code: "ENOTFOUND",
  });
  return new TypeError("fetch failed", { cause });
}

function notFound(): Answer {
  return { status: 404, body: { message: "Not Found" } };
}

/** GitHub's answer to a comment body over its limit. */
export const TOO_LONG = {
  message: "Validation Failed",
  errors: [
    {
      resource: "IssueComment",
      code: "custom",
      field: "body",
      message: "body is too long (maximum is 65536 characters)",
    },
  ],
};

function tooLong(): Answer {
  return { status: 422, body: TOO_LONG };
}

function applyCheck(check: CheckRunState, body: Record<string, unknown>): void {
  if (typeof body.status === "string") check.status = body.status;
  if (typeof body.conclusion === "string") check.conclusion = body.conclusion;
  if (typeof body.external_id === "string") check.external_id = body.external_id;
  const output = body.output as CheckRunState["output"] | undefined;
  if (output) check.output = { ...check.output, ...output };
}

function checkData(c: CheckRunState) {
  return {
    id: c.id,
    name: "mlgate",
    head_sha: c.head_sha,
    status: c.status,
    conclusion: c.conclusion,
    external_id: c.external_id,
    html_url: `https://github.com/${REPO}/runs/${c.id}`,
    started_at: c.started_at ?? null,
    app: { id: appIdOf(c), slug: c.slug },
  };
}

/** The fake's app ids: mlgate is app 1 (`APP_ID` of the service tests), any other app 2. */
function appIdOf(c: CheckRunState): number {
  return c.slug === "mlgate" ? 1 : 2;
}

function commentData(number: number, c: Comment) {
  return {
    id: c.id,
    body: c.body,
    html_url: `https://github.com/${REPO}/pull/${number}#issuecomment-${c.id}`,
    user: { login: c.login, type: c.type },
  };
}

function pullData(pr: PullState) {
  return {
    number: pr.number,
    html_url: `https://github.com/${REPO}/pull/${pr.number}`,
    state: "open",
    user: { login: pr.author },
    labels: pr.labels.map((name) => ({ name })),
    head: { sha: pr.headSha, ref: pr.headRef, repo: { full_name: pr.headRepo } },
    base: { ref: "master", sha: "f95f852bd8fca8fcc58a9a2d6c842781e32a215e" },
  };
}

function runData(r: RunState) {
  return {
    id: r.id,
    run_number: r.number,
    run_attempt: 1,
    name: "train",
    path: ".github/workflows/train.yml",
    event: r.event,
    status: r.status ?? "completed",
    conclusion: conclusionOf(r),
    head_sha: r.sha,
    head_branch: r.branch,
    html_url: `https://github.com/${REPO}/actions/runs/${r.id}`,
    created_at: r.createdAt,
    head_repository: { full_name: r.headRepo },
    repository: { full_name: REPO },
    pull_requests: [],
  };
}

function conclusionOf(r: RunState): string | null {
  return (r.status ?? "completed") === "completed" ? (r.conclusion ?? "success") : null;
}
