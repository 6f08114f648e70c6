// Which output is a classifier's score vector, and reading classes and probabilities from it.
import { argmax, isDistribution, softmax } from './stats';
import type { OutputSample } from './types';

export interface ClassifierOutput { output: string; classes: number }

/** The first float output whose shape has exactly one dimension above 1, of size K ≥ 2. */
export function findClassifierOutput(outputs: Readonly<Record<string, OutputSample>>): ClassifierOutput | undefined {
  for (const [name, s] of Object.entries(outputs)) {
    if (s.type !== 'float32' && s.type !== 'float64') continue;
    const big = s.dims.filter((d) => d > 1);
    if (big.length === 1 && big[0]! >= 2 && big[0]! <= s.values.length && s.count === big[0]) return { output: name, classes: big[0]! };
  }
  return undefined;
}

export function scoresOf(outputs: Readonly<Record<string, OutputSample>> | undefined, c: ClassifierOutput): number[] | undefined {
  const s = outputs?.[c.output];
  return s && s.values.length >= c.classes ? s.values.slice(0, c.classes) : undefined;
}

export function topClass(outputs: Readonly<Record<string, OutputSample>> | undefined, c: ClassifierOutput): number | undefined {
  const v = scoresOf(outputs, c);
  return v && v.every(Number.isFinite) ? argmax(v) : undefined;
}

/** Probabilities: the output itself when it is a distribution, else its softmax. */
export function probabilities(scores: readonly number[]): { p: number[]; wasDistribution: boolean } {
  return isDistribution(scores) ? { p: [...scores], wasDistribution: true } : { p: softmax(scores), wasDistribution: false };
}
