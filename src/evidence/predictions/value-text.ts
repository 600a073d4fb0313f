/**
 * A JSON or Parquet value as the text a CSV file would hold: strings as they are, numbers and
 * big integers in their shortest form (`1.0` is `1`), booleans as `true`/`false`, null and
 * missing as the empty string, dates in ISO 8601. Returns undefined for values that are not a
 * single value (objects, arrays, binary).
 */
export function valueText(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "bigint":
      return String(value);
    case "boolean":
      return value ? "true" : "false";
    case "undefined":
      return "";
    default:
      if (value === null) return "";
      if (value instanceof Date) return value.toISOString();
      return undefined;
  }
}

/** Names the kind of a value that is not a single value, for messages. */
export function valueKind(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value instanceof Uint8Array) return "binary data";
  return `a ${typeof value === "object" ? "nested object" : typeof value}`;
}
