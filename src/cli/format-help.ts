import type { CommandHelp, OptionHelp } from "./command-help.js";

/** Renders `mlgate NAME --help`: usage, description, then one aligned line per argument and option. */
export function formatCommandHelp(name: string, help: CommandHelp): string {
  const parts = [`Usage: mlgate ${name} ${help.synopsis}`];
  if (help.description) parts.push(help.description);
  if (help.arguments && help.arguments.length > 0) {
    parts.push(
      `Arguments:\n${columns(help.arguments.map((a) => [a.name, a.description])).join("\n")}`,
    );
  }
  const options = Object.entries(help.options).map(([long, option]) => [
    optionLabel(long, option),
    describeOption(option),
  ]);
  parts.push(`Options:\n${columns(options).join("\n")}`);
  return `${parts.join("\n\n")}\n`;
}

/** Two aligned columns, indented by two spaces. */
export function columns(rows: readonly (readonly [string, string])[] | string[][]): string[] {
  const width = Math.max(0, ...rows.map(([left]) => (left ?? "").length));
  return rows.map(([left = "", right = ""]) => `  ${left.padEnd(width)}  ${right}`.trimEnd());
}

function optionLabel(long: string, option: OptionHelp): string {
  const flag = option.short ? `-${option.short}, --${long}` : `    --${long}`;
  return option.type === "string" ? `${flag} ${option.value ?? "VALUE"}` : flag;
}

function describeOption(option: OptionHelp): string {
  return typeof option.default === "string"
    ? `${option.description} (default: ${option.default})`
    : option.description;
}
