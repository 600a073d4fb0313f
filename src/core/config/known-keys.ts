import type { z } from "zod";
import { configSchema } from "./schema.js";

/** The zod internals this walk reads; kept narrow so a zod upgrade fails here, loudly. */
interface SchemaNode {
  readonly def: {
    readonly type: string;
    readonly innerType?: SchemaNode;
    readonly valueType?: SchemaNode;
    readonly keyType?: { readonly def: { readonly type: string; readonly entries?: object } };
  };
  readonly shape?: Record<string, SchemaNode>;
}

function unwrap(node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  while (current && ["default", "optional", "prefault"].includes(current.def.type)) {
    current = current.def.innerType;
  }
  return current;
}

/**
 * The keys the configuration accepts at a key path (`["metrics", "gates", "acc"]` → `min`,
 * `max`, …): what a "did you mean" hint for an unknown key chooses from. Empty where the schema
 * takes any key.
 */
export function knownKeys(path: readonly (string | number)[]): string[] {
  let node = unwrap(configSchema as unknown as z.ZodType as unknown as SchemaNode);
  for (const key of path) {
    if (!node) return [];
    if (node.def.type === "object") node = unwrap(node.shape?.[String(key)]);
    else if (node.def.type === "record") node = unwrap(node.def.valueType);
    else return [];
  }
  if (!node) return [];
  if (node.def.type === "object") return Object.keys(node.shape ?? {});
  const entries = node.def.type === "record" ? node.def.keyType?.def.entries : undefined;
  return entries ? Object.keys(entries) : [];
}
