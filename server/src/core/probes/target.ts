// What the probes aim at: the input they vary and, once one inference has run, the classifier
// output (if any) the classifier probes read.
import { findClassifierOutput } from './classifier';
import type { ProbeTarget } from './plan';
import type { OutputSample, ProbeInput } from './types';

/** The image input if there is one, else the first float input, else the first input. */
export function primaryInput(inputs: readonly ProbeInput[]): ProbeInput | undefined {
  return inputs.find((i) => i.layout) ?? inputs.find((i) => i.dtype.startsWith('float')) ?? inputs[0];
}

export function probeTarget(inputs: ProbeInput[], primary: ProbeInput, outputs: Readonly<Record<string, OutputSample>> | undefined): ProbeTarget {
  const target: ProbeTarget = { inputs, primary };
  const c = outputs && findClassifierOutput(outputs);
  if (c) target.classifier = { ...c, image: primary.layout !== undefined };
  return target;
}
