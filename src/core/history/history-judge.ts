import type { GateSubject } from "../evaluate-gates.js";
import type { BaseHistory, HistorySettings } from "./base-history.js";
import { checkAgainstHistory, type HistoryCheck } from "./history-check.js";

/**
 * The gate context's history question for one review: undefined (no history at all) when the
 * base branch's history was not read, so a history gate says the plain tolerance applies.
 */
export function historyJudge(
  history: BaseHistory | undefined,
  settings: HistorySettings,
): ((subject: GateSubject) => HistoryCheck | undefined) | undefined {
  if (!history) return undefined;
  return (subject) =>
    subject.head === null || subject.direction === "neutral"
      ? undefined
      : checkAgainstHistory(history, subject.name, subject.head, subject.direction, settings);
}
