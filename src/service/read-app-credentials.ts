import { readFileSync } from "node:fs";
import { MlgateError } from "../core/errors.js";

/** The GitHub App's id and private key, when both are configured. */
export interface AppCredentials {
  readonly appId: number;
  readonly privateKey: string;
  /** `https://HOST/api/v3` for GitHub Enterprise Server; undefined for github.com. */
  readonly baseUrl?: string | undefined;
}

/**
 * Reads `APP_ID` and `PRIVATE_KEY` (PEM, `\n` escapes allowed, or base64) or `PRIVATE_KEY_PATH`,
 * and `GHE_HOST`/`GHE_PROTOCOL`. Undefined when the app is not registered yet (setup mode).
 */
export function readAppCredentials(env: NodeJS.ProcessEnv): AppCredentials | undefined {
  const id = env.APP_ID?.trim();
  let key = env.PRIVATE_KEY?.trim();
  const path = env.PRIVATE_KEY_PATH?.trim();
  if (!key && path) {
    try {
      key = readFileSync(path, "utf8");
    } catch {
      throw new MlgateError(`PRIVATE_KEY_PATH ${path} cannot be read`);
    }
  }
  if (!id || !key) return undefined;
  const appId = Number(id);
  if (!Number.isInteger(appId) || appId <= 0) {
    throw new MlgateError(`APP_ID must be the app's numeric id, not "${id}"`);
  }
  key = key.replace(/\\n/g, "\n");
  if (!key.includes("-----BEGIN")) {
    const decoded = Buffer.from(key, "base64").toString("utf8");
    if (!decoded.includes("-----BEGIN")) {
      throw new MlgateError("PRIVATE_KEY is neither a PEM private key nor one in base64");
    }
    key = decoded;
  }
  const host = env.GHE_HOST?.trim();
  const protocol = env.GHE_PROTOCOL?.trim() || "https";
  return { appId, privateKey: key, baseUrl: host ? `${protocol}://${host}/api/v3` : undefined };
}
