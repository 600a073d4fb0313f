import { posix } from "node:path";
import { InputError } from "../../core/errors.js";
import type { Metric } from "../../core/types.js";
import { maskedCrc32c } from "./crc32c.js";
import { checkMetricName } from "./metric-name.js";
import type { MetricReader } from "./metric-reader.js";
import { ProtoReader, WIRE } from "./proto-reader.js";

/** TensorFlow `DataType` values whose scalars are metrics. */
const DT_FLOAT = 1;
const DT_DOUBLE = 2;
/** Folders Keras' TensorBoard callback writes one event file into each, with the same tags. */
const KERAS_RUN_FOLDERS = new Set(["train", "validation"]);

interface Point {
  readonly step: number;
  readonly value: number;
}

/**
 * TensorBoard event files (`events.out.tfevents.*`): TFRecord framing (uint64 length, masked
 * CRC-32C of the length, the data, masked CRC-32C of the data), each record an `Event`
 * protobuf decoded by hand: `step` and `summary.value[]` with a `tag` and either a
 * `simple_value` (TF1, PyTorch, tensorboardX) or a TF2 scalar `tensor` (DT_FLOAT/DT_DOUBLE from
 * `float_val`/`double_val` or little-endian `tensor_content`). Each tag's metric is its value
 * at the highest step (on a tie, the later record). Tags whose summary metadata names a plugin
 * other than `scalars` (histograms, images, text, hparams) and non-scalar tensors are skipped.
 * float32 values are given as the shortest decimal that reads back as the same float32 (0.9,
 * not 0.8999999761581421). An event file inside a `train/` or `validation/` folder (Keras'
 * TensorBoard callback writes one of each, with the same tags) has its tags prefixed with that
 * folder: `validation/epoch_loss`. A CRC mismatch, a truncated record, or a malformed event is
 * an `InputError` naming the byte offset.
 */
export const tensorboardReader: MetricReader = {
  read(content, path) {
    const latest = new Map<string, Point>();
    const plugins = new Map<string, string>();
    let offset = 0;
    while (offset < content.length) {
      const context = `record at byte ${offset}`;
      if (offset + 12 > content.length) truncated(path, context);
      const lengthCrc = content.readUInt32LE(offset + 8);
      if (maskedCrc32c(content.subarray(offset, offset + 8)) !== lengthCrc) {
        throw new InputError(
          `has a CRC mismatch in the length of the ${context}; the file is corrupt or not a TensorBoard event file`,
          { where: path },
        );
      }
      const length = content.readUInt32LE(offset);
      const high = content.readUInt32LE(offset + 4);
      const dataStart = offset + 12;
      if (high !== 0 || dataStart + length + 4 > content.length) truncated(path, context);
      const data = content.subarray(dataStart, dataStart + length);
      if (maskedCrc32c(data) !== content.readUInt32LE(dataStart + length)) {
        throw new InputError(
          `has a CRC mismatch in the data of the ${context}; the file is corrupt`,
          {
            where: path,
          },
        );
      }
      readEvent(new ProtoReader(data, path, context), path, latest, plugins);
      offset = dataStart + length + 4;
    }
    const folder = posix.dirname(path).split("/").at(-1) ?? "";
    const prefix = KERAS_RUN_FOLDERS.has(folder) ? `${folder}/` : "";
    const metrics: Metric[] = [];
    for (const [tag, point] of latest) {
      const plugin = plugins.get(tag);
      if (plugin !== undefined && plugin !== "scalars") continue;
      const name = checkMetricName(`${prefix}${tag}`, path);
      metrics.push({ name, value: point.value, file: path });
    }
    return metrics;
  },
};

function truncated(path: string, context: string): never {
  throw new InputError(`ends inside the ${context}; the file is truncated`, { where: path });
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function readEvent(
  event: ProtoReader,
  path: string,
  latest: Map<string, Point>,
  plugins: Map<string, string>,
): void {
  let step = 0;
  const values: { tag: string; value: number }[] = [];
  for (let key = event.next(); key !== undefined; key = event.next()) {
    if (key.field === 2 && key.wire === WIRE.varint) {
      step = event.varint();
    } else if (key.field === 5 && key.wire === WIRE.bytes) {
      readSummary(event.message(), path, values, plugins);
    } else {
      event.skip(key.wire);
    }
  }
  // Fields may come in any order, so the step is applied once the whole event is read.
  for (const { tag, value } of values) {
    const previous = latest.get(tag);
    if (previous === undefined || step >= previous.step) {
      latest.delete(tag);
      latest.set(tag, { step, value });
    }
  }
}

function readSummary(
  summary: ProtoReader,
  path: string,
  values: { tag: string; value: number }[],
  plugins: Map<string, string>,
): void {
  for (let key = summary.next(); key !== undefined; key = summary.next()) {
    if (key.field !== 1 || key.wire !== WIRE.bytes) {
      summary.skip(key.wire);
      continue;
    }
    const value = summary.message();
    let tag: string | undefined;
    let number: number | undefined;
    let plugin: string | undefined;
    for (let field = value.next(); field !== undefined; field = value.next()) {
      if (field.field === 1 && field.wire === WIRE.bytes) {
        tag = decodeTag(value.slice(value.bytes()), path);
      } else if (field.field === 2 && field.wire === WIRE.fixed32) {
        number = shortestFloat32(value.float());
      } else if (field.field === 8 && field.wire === WIRE.bytes) {
        number = readScalarTensor(value.message());
      } else if (field.field === 9 && field.wire === WIRE.bytes) {
        plugin = readPluginName(value.message(), path);
      } else {
        value.skip(field.wire);
      }
    }
    if (tag === undefined) continue;
    // TF2 writes the metadata only with a tag's first value; remember it for the later ones.
    if (plugin !== undefined && plugin !== "") plugins.set(tag, plugin);
    if (number !== undefined) values.push({ tag, value: number });
  }
}

function decodeTag(bytes: Uint8Array, path: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new InputError("has a summary tag that is not valid UTF-8", { where: path });
  }
}

/** `SummaryMetadata.plugin_data.plugin_name`, e.g. "scalars", "histograms", "images". */
function readPluginName(metadata: ProtoReader, path: string): string | undefined {
  let name: string | undefined;
  for (let key = metadata.next(); key !== undefined; key = metadata.next()) {
    if (key.field === 1 && key.wire === WIRE.bytes) {
      const pluginData = metadata.message();
      for (let inner = pluginData.next(); inner !== undefined; inner = pluginData.next()) {
        if (inner.field === 1 && inner.wire === WIRE.bytes) {
          name = decodeTag(pluginData.slice(pluginData.bytes()), path);
        } else {
          pluginData.skip(inner.wire);
        }
      }
    } else {
      metadata.skip(key.wire);
    }
  }
  return name;
}

/** The value of a one-element DT_FLOAT or DT_DOUBLE `TensorProto`, else undefined. */
function readScalarTensor(tensor: ProtoReader): number | undefined {
  let dtype = 0;
  let elements = 1;
  const floats: number[] = [];
  const doubles: number[] = [];
  let content: Uint8Array | undefined;
  for (let key = tensor.next(); key !== undefined; key = tensor.next()) {
    if (key.field === 1 && key.wire === WIRE.varint) {
      dtype = tensor.varint();
    } else if (key.field === 2 && key.wire === WIRE.bytes) {
      elements = countElements(tensor.message());
    } else if (key.field === 4 && key.wire === WIRE.bytes) {
      content = tensor.slice(tensor.bytes());
    } else if (key.field === 5 && key.wire === WIRE.bytes) {
      const packed = tensor.message();
      while (packed.remaining() > 0) floats.push(packed.float());
    } else if (key.field === 5 && key.wire === WIRE.fixed32) {
      floats.push(tensor.float());
    } else if (key.field === 6 && key.wire === WIRE.bytes) {
      const packed = tensor.message();
      while (packed.remaining() > 0) doubles.push(packed.double());
    } else if (key.field === 6 && key.wire === WIRE.fixed64) {
      doubles.push(tensor.double());
    } else {
      tensor.skip(key.wire);
    }
  }
  if (elements !== 1) return undefined;
  if (dtype === DT_FLOAT) {
    if (floats.length === 1 && floats[0] !== undefined) return shortestFloat32(floats[0]);
    if (content?.length === 4) {
      return shortestFloat32(
        new DataView(content.buffer, content.byteOffset, 4).getFloat32(0, true),
      );
    }
  } else if (dtype === DT_DOUBLE) {
    if (doubles.length === 1) return doubles[0];
    if (content?.length === 8) {
      return new DataView(content.buffer, content.byteOffset, 8).getFloat64(0, true);
    }
  }
  return undefined;
}

/** Product of `TensorShapeProto.dim[].size`; 1 for a scalar (no dims). */
function countElements(shape: ProtoReader): number {
  let count = 1;
  for (let key = shape.next(); key !== undefined; key = shape.next()) {
    if (key.field === 2 && key.wire === WIRE.bytes) {
      const dim = shape.message();
      let size = 0;
      for (let inner = dim.next(); inner !== undefined; inner = dim.next()) {
        if (inner.field === 1 && inner.wire === WIRE.varint) size = dim.varint();
        else dim.skip(inner.wire);
      }
      count *= size;
    } else {
      shape.skip(key.wire);
    }
  }
  return count;
}

/** The shortest decimal that reads back as the same float32; NaN/±Infinity pass through. */
export function shortestFloat32(value: number): number {
  if (!Number.isFinite(value)) return value;
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = Number(value.toPrecision(precision));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}
