import { z } from "zod";
import { configSchema } from "./schema.js";

/** The JSON Schema of `.github/mlgate.yml` that editors validate against, from the zod schema. */
export function configJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(configSchema, { io: "input" }), title: "mlgate configuration" };
}
