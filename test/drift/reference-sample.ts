/** A sample spec of the scipy reference script, rebuilt bit for bit (MINSTD, exact integers). */
export interface SampleSpec {
  readonly seed: number;
  readonly n: number;
  readonly modulus: number;
  readonly scale: number;
  readonly shift: number;
}

export function referenceSample(spec: SampleSpec): number[] {
  let state = spec.seed;
  const out: number[] = [];
  for (let i = 0; i < spec.n; i++) {
    state = (state * 48271) % 2147483647;
    out.push((state % spec.modulus) * spec.scale + spec.shift);
  }
  return out;
}

export function referenceCategories(spec: SampleSpec): string[] {
  return referenceSample({ ...spec, scale: 1, shift: 0 }).map((v) => `c${v}`);
}
