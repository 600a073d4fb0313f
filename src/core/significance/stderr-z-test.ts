import { normalCritical, normalTwoSidedP } from "./normal-distribution.js";

export interface StderrZTest {
  readonly difference: number;
  readonly z: number;
  readonly p_value: number;
  /** 1 − alpha interval of head − base. */
  readonly ci: readonly [number, number];
}

/**
 * z-test of head − base from each side's value and standard error, as if the two runs were
 * independent samples. Both runs usually score the same examples, whose shared difficulty makes
 * the two errors positively correlated, so this overstates the noise of the difference: it is
 * the fallback when no per-example rows allow a paired test, and says so. Two zero standard
 * errors give p = 1 for no change and 0 for any change.
 */
export function stderrZTest(
  base: number,
  head: number,
  baseStderr: number,
  headStderr: number,
  alpha: number,
): StderrZTest {
  const difference = head - base;
  const se = Math.sqrt(baseStderr * baseStderr + headStderr * headStderr);
  if (se === 0) {
    return {
      difference,
      z: difference === 0 ? 0 : difference > 0 ? Infinity : -Infinity,
      p_value: difference === 0 ? 1 : 0,
      ci: [difference, difference],
    };
  }
  const z = difference / se;
  const half = normalCritical(alpha) * se;
  return { difference, z, p_value: normalTwoSidedP(z), ci: [difference - half, difference + half] };
}
