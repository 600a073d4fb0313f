import { InputError } from "../../core/errors.js";

/** Protobuf wire types mlgate meets in TensorBoard events. */
export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;

/**
 * A minimal protobuf decoder over one message: enough to pick a few fields out of TensorBoard's
 * `Event` without a protobuf dependency. Every read is bounds-checked and fails with an
 * `InputError` naming `file` and `context` (e.g. "record at byte 1024").
 */
export class ProtoReader {
  private pos: number;

  constructor(
    private readonly buf: Uint8Array,
    private readonly file: string,
    private readonly context: string,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
  }

  /** Bytes left in this message. */
  remaining(): number {
    return this.end - this.pos;
  }

  /** The next field's number and wire type, or undefined at the end of the message. */
  next(): { field: number; wire: number } | undefined {
    if (this.pos >= this.end) return undefined;
    const key = this.varint();
    const field = Math.floor(key / 8);
    if (field === 0) this.fail("field number 0");
    return { field, wire: key % 8 };
  }

  /** An unsigned varint; int64 values past 2^63 are read as negative (two's complement). */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.byte();
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result >= 2 ** 63 ? result - 2 ** 64 : result;
      scale *= 128;
    }
    return this.fail("varint longer than 10 bytes");
  }

  double(): number {
    const view = this.view(8);
    return view.getFloat64(0, true);
  }

  float(): number {
    const view = this.view(4);
    return view.getFloat32(0, true);
  }

  /** A length-delimited field: the bounds of its bytes, for a sub-reader or a copy. */
  bytes(): { start: number; end: number } {
    const length = this.varint();
    if (length < 0 || this.pos + length > this.end) this.fail("length past the end of the message");
    const start = this.pos;
    this.pos += length;
    return { start, end: this.pos };
  }

  /** A reader over a length-delimited sub-message. */
  message(): ProtoReader {
    const { start, end } = this.bytes();
    return new ProtoReader(this.buf, this.file, this.context, start, end);
  }

  /** Skips a field this decoder does not need. */
  skip(wire: number): void {
    if (wire === WIRE.varint) this.varint();
    else if (wire === WIRE.fixed64) this.view(8);
    else if (wire === WIRE.bytes) this.bytes();
    else if (wire === WIRE.fixed32) this.view(4);
    else this.fail(`unsupported wire type ${wire}`);
  }

  /** The raw bytes of a range returned by {@link bytes}. */
  slice(range: { start: number; end: number }): Uint8Array {
    return this.buf.subarray(range.start, range.end);
  }

  private byte(): number {
    if (this.pos >= this.end) this.fail("message ends inside a field");
    return this.buf[this.pos++] ?? 0;
  }

  private view(size: number): DataView {
    if (this.pos + size > this.end) this.fail("message ends inside a field");
    const view = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, size);
    this.pos += size;
    return view;
  }

  private fail(reason: string): never {
    throw new InputError(`has a malformed event in the ${this.context}: ${reason}`, {
      where: this.file,
    });
  }
}
