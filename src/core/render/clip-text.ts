/**
 * Cuts `text` to at most `max` UTF-16 code units, ending with `note` when it had to cut. A cut
 * never falls between the two halves of a surrogate pair: a lone half is not valid Unicode, and
 * GitHub rejects or mangles it.
 */
export function clipText(text: string, max: number, note = ""): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - note.length);
  return keepWholePairs(text.slice(0, room)) + note.slice(0, max);
}

/**
 * Cuts `text` so that its UTF-8 encoding takes at most `maxBytes` bytes, ending with `note`
 * when it had to cut; whole characters only.
 */
export function clipUtf8(text: string, maxBytes: number, note = ""): string {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  const room = Math.max(0, maxBytes - Buffer.byteLength(note, "utf8"));
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, "utf8");
    if (bytes + size > room) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end) + note;
}

function keepWholePairs(cut: string): string {
  const last = cut.charCodeAt(cut.length - 1);
  // A high surrogate at the end lost its low half to the cut.
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
