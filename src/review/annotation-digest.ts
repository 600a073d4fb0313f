import { createHash } from "node:crypto";
import type { CheckAnnotation } from "../core/render/check-annotation.js";

/** A short fingerprint of a set of annotations, `""` for none; order does not matter. */
export function annotationDigest(annotations: readonly CheckAnnotation[] | undefined): string {
  if (!annotations || annotations.length === 0) return "";
  const lines = annotations.map((a) => JSON.stringify([a.path, a.level, a.title, a.message]));
  return createHash("sha256").update(lines.sort().join("\n")).digest("hex").slice(0, 32);
}
