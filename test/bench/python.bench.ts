// Script analysis speed: full MSL101 analysis (parse + scopes + resolution + rules) of a generated
// 5,000-line training script, against the bare tree-sitter parse of the same text in the same run.
// `ratio` here is full / parse: how much our passes add on top of parsing.
import { analyzePythonSource } from '../../server/src/core/python/analyze';
import { loadPythonGrammar, parsePython } from '../../server/src/core/python/parser';
import { generateLargeScript } from '../fixtures/scripts/largeScript';
import type { BenchResult } from './types';

const WARMUP = 5;
const RUNS = 21;
const TARGET_MS = 150;

async function medianMs(work: () => Promise<void> | void): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

export async function run(): Promise<BenchResult[]> {
  const { text, expected } = generateLargeScript(5000);
  const grammar = await loadPythonGrammar();
  let findings = 0;
  const full = await medianMs(async () => {
    findings = (await analyzePythonSource(text)).length;
  });
  if (findings !== expected.length) throw new Error(`expected ${expected.length} findings, got ${findings}`);
  const parse = await medianMs(() => {
    parsePython(grammar, text).tree?.delete();
  });
  return [{
    name: `python: full analysis of a 5,000-line script (${findings} findings), median of ${RUNS}`,
    value: full,
    unit: 'ms',
    reference: { name: 'tree-sitter parse only', value: parse },
    ratio: full / parse,
    target: `<= ${TARGET_MS} ms`,
    pass: full <= TARGET_MS,
  }];
}
