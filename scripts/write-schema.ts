// Writes schema/mlgate.schema.json from the zod schema (a test keeps the two in sync).
import { mkdirSync, writeFileSync } from "node:fs";
import { configJsonSchema } from "../src/core/config/config-json-schema.js";

mkdirSync(new URL("../schema/", import.meta.url), { recursive: true });
writeFileSync(
  new URL("../schema/mlgate.schema.json", import.meta.url),
  `${JSON.stringify(configJsonSchema(), null, 2)}\n`,
);
