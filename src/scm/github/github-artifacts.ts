import picomatch from "picomatch";
import { ArtifactError, GitHubError } from "../../core/errors.js";
import type { FileSource } from "../../evidence/file-source.js";
import type { ZipLimits } from "../../evidence/zip-source.js";
import type { ArtifactCache } from "../artifact-cache.js";
import { DownloadError } from "../download-error.js";
import type { GitHubTransport } from "./github-transport.js";
import { openSignedZip } from "./open-signed-zip.js";

const PER_PAGE = 100;
const GLOB_CHARS = /[*?[\]{}!]/;

/** An artifact as the listing shows it. */
export interface ArtifactInfo {
  readonly id: number;
  readonly name: string;
  readonly runId: number;
  readonly expired: boolean;
  readonly sizeInBytes: number;
}

/** How artifacts are fetched and kept. */
export interface ArtifactOptions {
  readonly zipLimits?: Partial<ZipLimits> | undefined;
  readonly artifactCache?: ArtifactCache | undefined;
  /** Per artifact transfer from the signed URL. */
  readonly downloadTimeoutMs?: number | undefined;
  /** Used for the signed artifact URL only (tests, proxies). */
  readonly fetch?: typeof fetch | undefined;
  /** Told when an artifact's download URL turned out to be gone (410): its cached baseline goes. */
  readonly onExpired?: ((artifact: ArtifactInfo) => void) | undefined;
}

/**
 * A repository's artifacts: found by name for a run (one listing of the newest artifacts of a
 * name covers the head and the baseline candidates), and opened from GitHub's signed URL.
 * Listings are remembered for this instance's life (one delivery).
 */
export class GitHubArtifacts {
  readonly #t: GitHubTransport;
  readonly #options: ArtifactOptions;
  readonly #byRun = new Map<number, ArtifactInfo | null>();
  readonly #listedNames = new Set<string>();

  constructor(transport: GitHubTransport, options: ArtifactOptions) {
    this.#t = transport;
    this.#options = options;
  }

  /** Remembers an artifact known from elsewhere (a cached baseline). */
  remember(artifact: ArtifactInfo): void {
    this.#byRun.set(artifact.runId, artifact);
  }

  /**
   * A run's artifact. An exact name is first looked up in the repository's newest artifacts of
   * that name; a glob, or a run older than that page, is looked up in the run's own list.
   */
  async of(runId: number, name: string): Promise<ArtifactInfo | undefined> {
    if (this.#byRun.has(runId)) return this.#byRun.get(runId) ?? undefined;
    const t = this.#t;
    const glob = GLOB_CHARS.test(name);
    if (!glob && !this.#listedNames.has(name)) {
      this.#listedNames.add(name);
      const { data } = await t.send(
        `GET /repos/${t.repository}/actions/artifacts?name=${name}`,
        true,
        (request) =>
          t.client.request("GET /repos/{owner}/{repo}/actions/artifacts", {
            ...t.repo,
            name,
            per_page: PER_PAGE,
            request,
          }),
      );
      const complete = data.artifacts.length < PER_PAGE;
      for (const a of data.artifacts) {
        const runOf = a.workflow_run?.id;
        const id = runOf === undefined || runOf === null ? undefined : Number(runOf);
        if (id === undefined || a.name !== name || this.#byRun.get(id)) continue;
        this.#byRun.set(id, artifactFrom(a, id));
      }
      if (this.#byRun.has(runId)) return this.#byRun.get(runId) ?? undefined;
      if (complete) return undefined;
    }
    let listed: readonly ListedArtifact[];
    try {
      const { data } = await t.send(
        `GET /repos/${t.repository}/actions/runs/${runId}/artifacts`,
        true,
        (request) =>
          t.client.request("GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts", {
            ...t.repo,
            run_id: runId,
            ...(glob ? {} : { name }),
            per_page: PER_PAGE,
            request,
          }),
      );
      listed = data.artifacts;
    } catch (error) {
      // The run, or its logs and artifacts, were deleted: it has no artifact to give.
      if (!(error instanceof GitHubError) || (error.status !== 404 && error.status !== 410)) {
        throw error;
      }
      listed = [];
    }
    const matches = glob ? picomatch(name) : (n: string) => n === name;
    const candidates = listed.filter((a) => matches(a.name));
    const found = candidates.find((a) => !a.expired) ?? candidates[0];
    const info = found ? artifactFrom(found, runId) : null;
    this.#byRun.set(runId, info);
    return info ?? undefined;
  }

  /**
   * Opens a run's artifact as a file source with the hostile-zip caps, reading only what is asked
   * of it where the storage allows. Fails with an `ArtifactError` that says why (missing,
   * expired, too large). The caller closes the source.
   */
  async open(
    runId: number,
    artifactName: string,
    options: { readonly cache?: boolean } = {},
  ): Promise<FileSource> {
    const label = `artifact "${artifactName}" of run ${runId}`;
    const artifact = await this.of(runId, artifactName);
    if (!artifact) {
      throw new ArtifactError(`run ${runId} uploaded no artifact named "${artifactName}"`);
    }
    if (artifact.expired) throw expired(label);
    const limits = this.#options.zipLimits ?? {};
    if (limits.maxArchiveBytes !== undefined && artifact.sizeInBytes > limits.maxArchiveBytes) {
      throw new ArtifactError(
        `${label} is ${artifact.sizeInBytes} bytes, more than the ${limits.maxArchiveBytes} allowed`,
      );
    }
    const key = `${this.#t.repository}#${artifact.id}`;
    const leased = this.#options.artifactCache?.lease(key);
    if (leased) return leased;
    // A history read takes an artifact once: it must not push the baselines out of the cache.
    const cache = options.cache === false ? undefined : this.#options.artifactCache;

    for (let attempt = 0; ; attempt++) {
      const url = await this.#signedUrl(artifact, label);
      try {
        const source = await openSignedZip(url, {
          timeoutMs: this.#options.downloadTimeoutMs ?? 10 * 60_000,
          zip: { ...limits, label },
          fetch: this.#options.fetch,
          // Entries are read after the listing; a lapsed URL is asked for again.
          refreshUrl: () => this.#signedUrl(artifact, label),
        });
        return cache ? cache.add(key, source, () => source.close()) : source;
      } catch (error) {
        // The signed URL lives about a minute; one fresh URL is worth asking for.
        if (error instanceof DownloadError && error.retryable && attempt === 0) continue;
        throw error;
      }
    }
  }

  async #signedUrl(artifact: ArtifactInfo, label: string): Promise<string> {
    const t = this.#t;
    let response: { status: number; headers: { location?: string | undefined } };
    try {
      response = await t.send(
        `GET /repos/${t.repository}/actions/artifacts/${artifact.id}/zip`,
        true,
        (request) =>
          t.client.request(
            "GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}",
            {
              ...t.repo,
              artifact_id: artifact.id,
              archive_format: "zip",
              // The answer is a redirect to a signed storage URL: take the URL, not the bytes, so
              // the download streams and the token is not sent to the storage host.
              request: { ...request, redirect: "manual" },
            },
          ),
      );
    } catch (error) {
      if (error instanceof GitHubError && error.status === 410) {
        this.#options.onExpired?.(artifact);
        throw expired(label);
      }
      if (error instanceof GitHubError && error.status === 404) {
        throw new ArtifactError(
          `${label} is gone (deleted, or the run's logs and artifacts were removed)`,
        );
      }
      throw error;
    }
    const location = response.headers.location;
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new ArtifactError(
        `GitHub did not redirect to the download of ${label} (HTTP ${response.status})`,
      );
    }
    return location;
  }
}

function expired(label: string): ArtifactError {
  return new ArtifactError(
    `${label} has expired (GitHub deletes artifacts after the repository's retention period)`,
  );
}

/** An artifact as GitHub lists it. */
interface ListedArtifact {
  readonly id: number | bigint;
  readonly name: string;
  readonly expired: boolean;
  readonly size_in_bytes: number;
}

function artifactFrom(a: ListedArtifact, runId: number): ArtifactInfo {
  return {
    id: Number(a.id),
    name: a.name,
    runId,
    expired: a.expired,
    sizeInBytes: a.size_in_bytes,
  };
}
