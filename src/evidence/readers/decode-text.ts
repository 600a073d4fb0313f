import { InputError } from "../../core/errors.js";

// `fatal` turns invalid UTF-8 into an error instead of U+FFFD, which would otherwise slip into
// metric names; the default `ignoreBOM: false` strips a leading byte order mark (Windows tools
// and PowerShell's `Out-File` write one).
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Decodes a metric file as UTF-8 text, refusing invalid bytes and dropping a BOM. */
export function decodeText(content: Buffer, file: string): string {
  try {
    return decoder.decode(content);
  } catch {
    throw new InputError(
      "is not valid UTF-8 text; metric files must be UTF-8 (was it written in another encoding, or is it binary?)",
      { where: file },
    );
  }
}
