import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  shortestFloat32,
  tensorboardReader,
} from "../../src/evidence/readers/tensorboard-reader.js";
import {
  CRAFTED_EXPECTED,
  CRAFTED_PATH,
  DT_FLOAT,
  event,
  fBytes,
  fFloat,
  floats,
  fVarint,
  makeCraftedEvents,
  record,
  value,
} from "../fixtures/metrics/tensorboard/make-tfevents.js";
import { inputErrorOf } from "../helpers/input-error-of.js";
import { expectedOf, readFixture, valuesOf } from "../helpers/metric-fixture.js";

const read = (content: Buffer, path = "runs/events.out.tfevents.1") =>
  tensorboardReader.read(content, path);
const scalar = (tag: string, step: number, v: number) =>
  record(event(step, [value(fBytes(1, tag), fFloat(2, v))]));

/** Compares read float32 values with the tool's float64 view of them. */
function expectClose(actual: Record<string, unknown>, expected: Record<string, number>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [name, v] of Object.entries(expected)) {
    expect(actual[name], name).toBeCloseTo(v, 6);
  }
}

describe("tensorboardReader", () => {
  it("reads TF2 tf.summary.scalar tensors (tensor_content), latest step wins, skips histogram/text/image", () => {
    const path = "tensorboard/tf2/events.out.tfevents.tf2.v2";
    const metrics = valuesOf(
      read(readFixture("tensorboard", "tf2", "events.out.tfevents.tf2.v2"), path),
    );
    expect(metrics).toEqual(expectedOf("tensorboard", "tf2", "expected.json"));
  });

  it("reads Keras' TensorBoard callback logs, prefixing train/ and validation/ folders", () => {
    const train = read(
      readFixture("keras", "logs", "train", "events.out.tfevents.keras.v2"),
      "logs/train/events.out.tfevents.keras.v2",
    );
    const validation = read(
      readFixture("keras", "logs", "validation", "events.out.tfevents.keras.v2"),
      "logs/validation/events.out.tfevents.keras.v2",
    );
    const metrics = valuesOf([...train, ...validation]);
    const expected = expectedOf("keras", "logs", "expected-tensorboard.json");
    for (const [name, v] of Object.entries(expected)) expect(metrics[name], name).toBeCloseTo(v, 6);
    // Weight histograms in the train log are skipped.
    expect(Object.keys(metrics).some((name) => name.includes("histogram"))).toBe(false);
    expect(metrics["train/epoch_learning_rate"]).toBe(0.001);
  });

  it("reads tensorboardX (PyTorch-style) simple_value scalars written out of step order", () => {
    const metrics = valuesOf(
      read(readFixture("tensorboard", "tensorboardx", "events.out.tfevents.tensorboardx")),
    );
    expectClose(metrics, expectedOf("tensorboard", "tensorboardx", "expected.json"));
  });

  it("reads the crafted encodings: packed/unpacked float_val, double_val, DT_DOUBLE content, big steps", () => {
    expect(valuesOf(read(readFileSync(CRAFTED_PATH)))).toEqual(CRAFTED_EXPECTED);
  });

  it("has the committed crafted fixture in sync with make-tfevents.ts", () => {
    expect(readFileSync(CRAFTED_PATH).equals(makeCraftedEvents())).toBe(true);
  });

  it("gives float32 values as the shortest decimal that reads back the same", () => {
    expect(shortestFloat32(Math.fround(0.9))).toBe(0.9);
    expect(shortestFloat32(Math.fround(0.1))).toBe(0.1);
    expect(shortestFloat32(Math.fround(1 / 3))).toBe(0.33333334);
    expect(valuesOf(read(scalar("acc", 1, 0.9)))).toEqual({ acc: 0.9 });
  });

  it("breaks a step tie by record order", () => {
    expect(
      valuesOf(
        read(Buffer.concat([scalar("a", 2, 0.5), scalar("a", 2, 0.25), scalar("a", 1, 0.75)])),
      ),
    ).toEqual({
      a: 0.25,
    });
  });

  it("keeps a NaN at the latest step as a value, ignores an early one", () => {
    const late = Buffer.concat([scalar("loss", 1, 0.5), scalar("loss", 2, Number.NaN)]);
    expect(valuesOf(read(late))).toEqual({ loss: Number.NaN });
    const early = Buffer.concat([scalar("loss", 1, Number.NaN), scalar("loss", 2, 0.5)]);
    expect(valuesOf(read(early))).toEqual({ loss: 0.5 });
  });

  it("rejects a data CRC mismatch, naming the record's byte offset", () => {
    const good = scalar("a", 1, 0.5);
    const bad = Buffer.from(scalar("b", 1, 0.5));
    bad[bad.length - 6] = (bad[bad.length - 6] ?? 0) ^ 0xff;
    const error = inputErrorOf(() => read(Buffer.concat([good, bad])));
    expect(error.message).toBe(
      `has a CRC mismatch in the data of the record at byte ${good.length}; the file is corrupt`,
    );
    expect(error.where).toBe("runs/events.out.tfevents.1");
  });

  it("rejects a length CRC mismatch (not an event file)", () => {
    expect(
      inputErrorOf(() => read(Buffer.from("this is not a tfevents file at all"))).message,
    ).toMatch(/CRC mismatch in the length of the record at byte 0/);
  });

  it("rejects a truncated record", () => {
    const whole = Buffer.concat([scalar("a", 1, 0.5), scalar("b", 1, 0.5)]);
    expect(inputErrorOf(() => read(whole.subarray(0, whole.length - 3))).message).toMatch(
      /truncated/,
    );
    expect(inputErrorOf(() => read(whole.subarray(0, 5))).message).toMatch(/truncated/);
  });

  it("rejects a malformed protobuf inside a valid record", () => {
    // Field 5 (summary) claims 100 bytes but the event ends.
    const broken = record(Buffer.concat([fVarint(2, 1), Buffer.from([0x2a, 100, 1, 2])]));
    expect(inputErrorOf(() => read(broken)).message).toMatch(
      /malformed event in the record at byte 0/,
    );
    // A simple_value cut short inside its Value message must not read the bytes that follow it.
    const shortValue = Buffer.from([0x0a, 1, 0x61, 0x15, 0x00, 0x00]);
    const overrun = record(
      Buffer.concat([
        fVarint(2, 1),
        fBytes(5, fBytes(1, shortValue)),
        fVarint(2, 2),
        fVarint(2, 3),
      ]),
    );
    expect(inputErrorOf(() => read(overrun)).message).toMatch(/message ends inside a field/);
    // A group wire type (3) is not something TensorBoard writes.
    expect(inputErrorOf(() => read(record(Buffer.from([0x0b])))).message).toMatch(
      /unsupported wire type 3/,
    );
  });

  it("rejects reserved tag names", () => {
    expect(inputErrorOf(() => read(scalar("__proto__", 1, 0.5))).message).toMatch(
      /reserved JavaScript name/,
    );
  });

  it("skips a multi-element float tensor", () => {
    const vector = record(
      event(1, [
        value(
          fBytes(1, "v"),
          fBytes(8, Buffer.concat([fVarint(1, DT_FLOAT), fBytes(5, floats([1, 2]))])),
        ),
      ]),
    );
    expect(read(vector)).toEqual([]);
  });

  it("returns nothing for an empty file", () => {
    expect(read(Buffer.alloc(0))).toEqual([]);
  });
});
