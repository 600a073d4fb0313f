import { GITHUB_LIMITS } from "../../core/github-facts.js";
import { clipText, clipUtf8 } from "../../core/render/clip-text.js";
import type { CheckAnnotation, CheckInput, CheckRun } from "../scm.js";
import type { GitHubTransport } from "./github-transport.js";

const CUT_NOTE = "\n\n…cut to fit GitHub's limit.";

/** mlgate's check runs on a repository's commits. */
export class GitHubChecks {
  readonly #t: GitHubTransport;
  readonly #name: string;
  readonly #appSlug: string | undefined;

  /**
   * @param name - the check's name
   * @param appSlug - only check runs of this app count (another app may use the name)
   */
  constructor(transport: GitHubTransport, name: string, appSlug: string | undefined) {
    this.#t = transport;
    this.#name = name;
    this.#appSlug = appSlug;
  }

  /** The newest check run of this name (and app) on a commit. */
  async find(headSha: string): Promise<CheckRun | undefined> {
    const t = this.#t;
    const { data } = await t.send(
      `GET /repos/${t.repository}/commits/${headSha}/check-runs`,
      true,
      (request) =>
        t.client.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
          ...t.repo,
          ref: headSha,
          check_name: this.#name,
          filter: "all",
          per_page: 100,
          request,
        }),
    );
    const slug = this.#appSlug;
    const ours = data.check_runs
      .filter((c) => c.name === this.#name && (slug === undefined || c.app?.slug === slug))
      .sort((a, b) => Number(b.id) - Number(a.id))[0];
    return ours ? checkRunFrom(ours) : undefined;
  }

  async create(check: CheckInput): Promise<CheckRun> {
    const t = this.#t;
    const annotations = check.annotations ?? [];
    // A duplicate check run is harmless (the newest of a name counts), so a create may be retried.
    const { data } = await t.send(`POST /repos/${t.repository}/check-runs`, true, (request) =>
      t.client.request("POST /repos/{owner}/{repo}/check-runs", {
        ...t.repo,
        name: this.#name,
        head_sha: check.headSha,
        ...checkFields(check, annotations.slice(0, GITHUB_LIMITS.annotationsPerRequest)),
        request,
      }),
    );
    await this.#moreAnnotations(Number(data.id), check, annotations);
    return checkRunFrom(data);
  }

  async update(id: number, check: Omit<CheckInput, "headSha">): Promise<CheckRun> {
    const t = this.#t;
    const annotations = check.annotations ?? [];
    const { data } = await t.send(
      `PATCH /repos/${t.repository}/check-runs/${id}`,
      true,
      (request) =>
        t.client.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
          ...t.repo,
          check_run_id: id,
          ...checkFields(check, annotations.slice(0, GITHUB_LIMITS.annotationsPerRequest)),
          request,
        }),
    );
    await this.#moreAnnotations(id, check, annotations);
    return checkRunFrom(data);
  }

  /** GitHub takes 50 annotations per request; the rest follow in updates that append them. */
  async #moreAnnotations(
    id: number,
    check: Omit<CheckInput, "headSha">,
    annotations: readonly CheckAnnotation[],
  ): Promise<void> {
    const t = this.#t;
    const per = GITHUB_LIMITS.annotationsPerRequest;
    for (let i = per; i < annotations.length; i += per) {
      const batch = annotations.slice(i, i + per);
      await t.send(`PATCH /repos/${t.repository}/check-runs/${id}`, true, (request) =>
        t.client.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
          ...t.repo,
          check_run_id: id,
          output: {
            title: clipText(check.title, GITHUB_LIMITS.checkTitleChars, "…"),
            summary: clipText(check.summary, GITHUB_LIMITS.checkTextChars, CUT_NOTE),
            annotations: batch.map(annotationFrom),
          },
          request,
        }),
      );
    }
  }
}

function annotationFrom(a: CheckAnnotation) {
  return {
    // The file is inside an artifact, not in the repository: line 1 is as close as it gets.
    path: a.path,
    start_line: 1,
    end_line: 1,
    annotation_level: a.level,
    title: clipText(a.title, GITHUB_LIMITS.checkTitleChars, "…"),
    message: clipUtf8(a.message, GITHUB_LIMITS.annotationMessageBytes, "…"),
  };
}

function checkFields(check: Omit<CheckInput, "headSha">, annotations: readonly CheckAnnotation[]) {
  const completed = check.status === "completed";
  const max = GITHUB_LIMITS.checkTextChars;
  return {
    status: check.status,
    ...(completed
      ? { conclusion: check.conclusion ?? "neutral", completed_at: new Date().toISOString() }
      : {}),
    ...(check.detailsUrl ? { details_url: check.detailsUrl } : {}),
    ...(check.externalId ? { external_id: check.externalId } : {}),
    output: {
      title: clipText(check.title, GITHUB_LIMITS.checkTitleChars, "…"),
      summary: clipText(check.summary, max, CUT_NOTE),
      ...(check.text ? { text: clipText(check.text, max, CUT_NOTE) } : {}),
      ...(annotations.length > 0 ? { annotations: annotations.map(annotationFrom) } : {}),
    },
  };
}

function checkRunFrom(data: {
  id: number | bigint;
  head_sha: string;
  status: string;
  conclusion: string | null;
  external_id: string | null;
  html_url: string | null;
  output?: { annotations_count?: number | null } | null;
}): CheckRun {
  return {
    id: Number(data.id),
    headSha: data.head_sha,
    status: data.status === "completed" || data.status === "in_progress" ? data.status : "queued",
    conclusion: data.conclusion ?? undefined,
    externalId: data.external_id ?? undefined,
    url: data.html_url ?? undefined,
    annotationsCount: data.output?.annotations_count ?? 0,
  };
}
