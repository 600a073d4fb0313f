import { open } from "node:fs/promises";
import { crc32, deflateRawSync } from "node:zlib";

/** One entry of a zip made by {@link makeZip}; every field a hostile zip might lie in is settable. */
export interface ZipEntrySpec {
  /** The name as stored (a Buffer for raw bytes). Folders end with "/". */
  readonly name: string | Buffer;
  readonly data?: Buffer | string;
  /** 0 stored, 8 deflated (default), anything else to test unsupported methods. */
  readonly method?: number;
  /** Unix st_mode for the high 16 bits of the external attributes (0o100644 by default). */
  readonly mode?: number;
  /** "Version made by" host byte: 3 unix (default), 0 DOS. */
  readonly host?: number;
  /** General purpose flags; 0x800 (UTF-8 names) by default, 0x1 marks encryption. */
  readonly flags?: number;
  /** Lies: the uncompressed size and CRC-32 the headers declare. */
  readonly declaredSize?: number;
  readonly declaredCrc?: number;
}

const u16 = (value: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(value);
  return b;
};
const u32 = (value: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0);
  return b;
};

interface Prepared {
  readonly name: Buffer;
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly external: number;
  readonly madeBy: number;
}

function prepare(spec: ZipEntrySpec): { header: Prepared; body: Buffer } {
  const name = typeof spec.name === "string" ? Buffer.from(spec.name, "utf8") : spec.name;
  const data =
    typeof spec.data === "string" ? Buffer.from(spec.data, "utf8") : (spec.data ?? Buffer.alloc(0));
  const method = spec.method ?? 8;
  const body = method === 8 ? deflateRawSync(data) : data;
  const mode = spec.mode ?? (name.toString().endsWith("/") ? 0o040755 : 0o100644);
  return {
    body,
    header: {
      name,
      method,
      flags: spec.flags ?? 0x800,
      crc: spec.declaredCrc ?? crc32(data),
      compressedSize: body.length,
      size: spec.declaredSize ?? data.length,
      external: ((mode << 16) >>> 0) | (name.toString().endsWith("/") ? 0x10 : 0),
      madeBy: ((spec.host ?? 3) << 8) | 20,
    },
  };
}

function localHeader(h: Prepared): Buffer {
  return Buffer.concat([
    u32(0x04034b50),
    u16(20),
    u16(h.flags),
    u16(h.method),
    u16(0),
    u16(0x5a21),
    u32(h.crc),
    u32(h.compressedSize),
    u32(h.size),
    u16(h.name.length),
    u16(0),
    h.name,
  ]);
}

function centralHeader(h: Prepared, offset: number): Buffer {
  return Buffer.concat([
    u32(0x02014b50),
    u16(h.madeBy),
    u16(20),
    u16(h.flags),
    u16(h.method),
    u16(0),
    u16(0x5a21),
    u32(h.crc),
    u32(h.compressedSize),
    u32(h.size),
    u16(h.name.length),
    u16(0),
    u16(0),
    u16(0),
    u16(0),
    u32(h.external),
    u32(offset),
    h.name,
  ]);
}

function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  return Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(count),
    u16(count),
    u32(size),
    u32(offset),
    u16(0),
  ]);
}

/**
 * A zip file in memory, written byte by byte as the format says (local headers, central
 * directory, end record), so tests can craft what no zip tool would write: traversal names,
 * symlink modes, lying sizes, duplicates.
 */
export function makeZip(entries: readonly ZipEntrySpec[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const spec of entries) {
    const { header, body } = prepare(spec);
    const local = localHeader(header);
    central.push(centralHeader(header, offset));
    parts.push(local, body);
    offset += local.length + body.length;
  }
  const directory = Buffer.concat(central);
  return Buffer.concat([
    ...parts,
    directory,
    endOfCentralDirectory(entries.length, directory.length, offset),
  ]);
}

/**
 * Writes a zip to `path` whose first entry is `bigName`, `bigSize` bytes of zeros stored
 * uncompressed, without ever holding them: the data is a hole in a sparse file. `small` entries
 * follow. For bounded-memory tests on artifacts far larger than what a test should allocate.
 */
export async function writeZipWithLargeEntry(
  path: string,
  bigName: string,
  bigSize: number,
  small: readonly ZipEntrySpec[],
): Promise<void> {
  const chunk = Buffer.alloc(1024 * 1024);
  let crc = 0;
  for (let left = bigSize; left > 0; left -= chunk.length) {
    crc = crc32(left >= chunk.length ? chunk : chunk.subarray(0, left), crc);
  }
  const big: Prepared = {
    name: Buffer.from(bigName),
    method: 0,
    flags: 0x800,
    crc,
    compressedSize: bigSize,
    size: bigSize,
    external: (0o100644 << 16) >>> 0,
    madeBy: (3 << 8) | 20,
  };
  const handle = await open(path, "w");
  try {
    const bigLocal = localHeader(big);
    await handle.write(bigLocal, 0, bigLocal.length, 0);
    let offset = bigLocal.length + bigSize;
    const central = [centralHeader(big, 0)];
    for (const spec of small) {
      const { header, body } = prepare(spec);
      const local = Buffer.concat([localHeader(header), body]);
      await handle.write(local, 0, local.length, offset);
      central.push(centralHeader(header, offset));
      offset += local.length;
    }
    const directory = Buffer.concat(central);
    const tail = Buffer.concat([
      directory,
      endOfCentralDirectory(central.length, directory.length, offset),
    ]);
    await handle.write(tail, 0, tail.length, offset);
  } finally {
    await handle.close();
  }
}
