// Script analysis speed: full MSL101 analysis (parse + scopes + resolution + rules) of a generated
// 5,000-line training script, against the bare tree-sitter parse of the same text in the same run.
// `ratio` here is full / parse: how much our passes add on top of parsing.
import { analyzePythonSource } from '../../server/src/core/python/analyze';
import { PythonDocumentCache } from '../../server/src/core/python/documentCache';
import { loadPythonGrammar, parsePython } from '../../server/src/core/python/parser';
import { generateLargeScript } from '../fixtures/scripts/largeScript';
import type { BenchResult } from './types';

const WARMUP = 5;
const RUNS = 21;
const TARGET_MS = 150;
const EDIT_TARGET_MS = 30;
const EDITS = 1000;

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
  const results: BenchResult[] = [{
    name: `python: full analysis of a 5,000-line script (${findings} findings), median of ${RUNS}`,
    value: full,
    unit: 'ms',
    reference: { name: 'tree-sitter parse only', value: parse },
    ratio: full / parse,
    target: `<= ${TARGET_MS} ms`,
    pass: full <= TARGET_MS,
  }];
  results.push(...(await editBench(text, full)));
  return results;
}

/**
 * One-character edits through the document cache (incremental parse + full re-analysis), then
 * memory before and after 1,000 such edits: trees must be freed, so the ratios stay near 1.
 */
async function editBench(text: string, fullMs: number): Promise<BenchResult[]> {
  const cache = new PythonDocumentCache();
  let current = text;
  const middle = text.indexOf('\n', text.length >> 1);
  let n = 0;
  const edit = async (): Promise<void> => {
    // Alternately insert and delete a space at the end of a line in the middle of the file.
    current = n++ % 2 === 0 ? `${current.slice(0, middle)} ${current.slice(middle)}` : `${current.slice(0, middle)}${current.slice(middle + 1)}`;
    await cache.analyze('bench', current);
  };
  await cache.analyze('bench', current);
  const incremental = await medianMs(edit);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  for (let i = 0; i < EDITS; i++) await edit();
  gc?.();
  const after = process.memoryUsage();
  cache.dispose();
  const note = gc ? '' : ' (run node with --expose-gc for exact heap figures)';
  return [
    {
      name: `python: re-analysis after a one-character edit of the 5,000-line script (incremental parse), median of ${RUNS}`,
      value: incremental,
      unit: 'ms',
      reference: { name: 'full analysis', value: fullMs },
      ratio: incremental / fullMs,
      target: `<= ${EDIT_TARGET_MS} ms`,
      pass: incremental <= EDIT_TARGET_MS,
    },
    {
      name: `python: RSS after / before ${EDITS} edits${note}`,
      value: after.rss / 1048576,
      unit: 'MiB',
      reference: { name: 'RSS before', value: before.rss / 1048576 },
      ratio: after.rss / before.rss,
      target: 'ratio <= 1.10',
      pass: after.rss / before.rss <= 1.1,
    },
    {
      name: `python: JS heap after / before ${EDITS} edits${note}`,
      value: after.heapUsed / 1048576,
      unit: 'MiB',
      reference: { name: 'heap before', value: before.heapUsed / 1048576 },
      ratio: after.heapUsed / before.heapUsed,
      target: 'ratio <= 1.10',
      pass: after.heapUsed / before.heapUsed <= 1.1,
    },
  ];
}
