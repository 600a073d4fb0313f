import { ConfigError, GitHubError } from "../../core/errors.js";
import type { GitHubTransport } from "./github-transport.js";

/**
 * The text of the configuration file on the default branch (no ref: a pull request must not be
 * able to loosen its own gates); `undefined` when there is none.
 */
export async function readRepoConfigFile(
  t: GitHubTransport,
  path: string,
): Promise<string | undefined> {
  let data: unknown;
  try {
    ({ data } = await t.send(`GET /repos/${t.repository}/contents/${path}`, true, (request) =>
      t.client.request("GET /repos/{owner}/{repo}/contents/{path}", {
        ...t.repo,
        path,
        request,
      }),
    ));
  } catch (error) {
    if (error instanceof GitHubError && error.status === 404) return undefined;
    throw error;
  }
  if (Array.isArray(data) || typeof data !== "object" || data === null || !("content" in data)) {
    throw new ConfigError([`${path}: is not a file on the default branch`]);
  }
  const file = data as { content?: unknown; encoding?: unknown };
  if (file.encoding !== "base64" || typeof file.content !== "string") {
    throw new ConfigError([`${path}: the file is too large to be a configuration`]);
  }
  return Buffer.from(file.content, "base64").toString("utf8");
}
