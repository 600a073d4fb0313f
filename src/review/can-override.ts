import type { Permission } from "../scm/scm.js";

/** Write, maintain and admin may accept a regression; triage and read may not. */
export function canOverride(permission: Permission): boolean {
  return permission === "write" || permission === "maintain" || permission === "admin";
}
