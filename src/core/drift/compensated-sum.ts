/**
 * A running sum with Neumaier's compensation: long sums of drift terms stay within a few ulps
 * of the exact value, closer than numpy's pairwise sums, so both agree far below 1e-9.
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(x: number): void {
    const t = this.sum + x;
    this.compensation += Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}
