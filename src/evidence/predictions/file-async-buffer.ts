import type { FileHandle } from "node:fs/promises";

/** hyparquet's view of a file: its length, and byte ranges on request. */
export interface AsyncBuffer {
  readonly byteLength: number;
  slice(start: number, end?: number): Promise<ArrayBuffer>;
}

/** Reads byte ranges of an open file on demand, so only what hyparquet asks for is in memory. */
export function fileAsyncBuffer(handle: FileHandle, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      const length = Math.max(0, end - start);
      // Not from Node's shared pool: the ArrayBuffer handed out is exactly this range.
      const buf = Buffer.allocUnsafeSlow(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(buf, done, length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      const whole = buf.buffer as ArrayBuffer;
      return buf.byteOffset === 0 && whole.byteLength === done
        ? whole
        : whole.slice(buf.byteOffset, buf.byteOffset + done);
    },
  };
}
