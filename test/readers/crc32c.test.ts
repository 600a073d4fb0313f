import { describe, expect, it } from "vitest";
import { crc32c, maskedCrc32c } from "../../src/evidence/readers/crc32c.js";

describe("crc32c", () => {
  it("matches the standard check value for '123456789'", () => {
    expect(crc32c(Buffer.from("123456789"))).toBe(0xe3069283);
  });

  it("matches RFC 3720 (iSCSI) vectors", () => {
    expect(crc32c(Buffer.alloc(32, 0))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
    expect(crc32c(Buffer.from(Array.from({ length: 32 }, (_, i) => i)))).toBe(0x46dd794e);
  });

  it("is 0 for no bytes", () => {
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });

  it("masks as TFRecord does: rotate right 15, add 0xa282ead8", () => {
    const crc = crc32c(Buffer.from("123456789"));
    const rotated = ((crc >>> 15) | (crc << 17)) >>> 0;
    expect(maskedCrc32c(Buffer.from("123456789"))).toBe((rotated + 0xa282ead8) >>> 0);
    // The masked CRC of an 8-byte zero length, as in every empty TFRecord header.
    expect(maskedCrc32c(Buffer.alloc(8))).toBe(
      ((((crc32c(Buffer.alloc(8)) >>> 15) | (crc32c(Buffer.alloc(8)) << 17)) >>> 0) +
        0xa282ead8) >>>
        0,
    );
  });
});
