// Shared helpers for the script-analysis tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding, TextEdit } from '../../../server/src/core/findings';
import assert from 'node:assert/strict';
import { analyzePythonSource } from '../../../server/src/core/python/analyze';
import { PythonDocumentCache } from '../../../server/src/core/python/documentCache';
import { fixAllEdits } from '../../../server/src/core/python/fixAll';
import { applyEdits } from '../../../server/src/core/python/fixes';
import { LineIndex } from '../../../server/src/core/python/text';
import type { Expectation } from './expectations';

export const SCRIPTS_DIR = path.join(__dirname, '..', '..', 'fixtures', 'scripts');

export function readScript(name: string): string {
  return fs.readFileSync(path.join(SCRIPTS_DIR, name), 'utf8');
}

export function start(f: Finding): { line: number; character: number } {
  if (f.location.kind !== 'text') throw new Error(`finding ${f.ruleId} has a ${f.location.kind} location`);
  return f.location.range.start;
}

/** Findings in the same shape as caret expectations; confidence included when `withConfidence`. */
export function asExpectations(findings: readonly Finding[], withConfidence: (e: Expectation) => boolean = () => true): Expectation[] {
  return findings.map((f) => {
    const e: Expectation = { ...start(f), ruleId: f.ruleId, confidence: f.confidence };
    if (!withConfidence(e)) delete e.confidence;
    return e;
  });
}

/** Applies every finding's fix at once (all edits, as given; the caller knows they do not overlap). */
export function applyFixesOnce(text: string, findings: readonly Finding[]): string {
  const edits: TextEdit[] = findings.flatMap((f) => f.fix?.edits ?? []);
  return applyEdits(text, edits, new LineIndex(text));
}

/**
 * `source.fixAll` until nothing is left to fix: each round applies the non-overlapping fixes
 * that `fixAllEdits` picks and re-analyses (at most `rounds` times).
 */
export async function applyAllFixes(text: string, rounds = 5): Promise<string> {
  let current = text;
  for (let i = 0; i < rounds; i++) {
    const edits = fixAllEdits(await analyzePythonSource(current));
    if (edits.length === 0) return current;
    current = applyEdits(current, edits, new LineIndex(current));
  }
  return current;
}

/**
 * Inserts each edit after `anchor` (inside one function body) and back out again: every step the
 * editor re-analyses body by body must equal a fresh analysis of the same text.
 */
export async function assertBodyReanalysisMatchesFresh(base: string, anchor: string, edits: readonly string[]): Promise<void> {
  const cache = new PythonDocumentCache();
  try {
    await cache.analyze('doc', base);
    const at = base.indexOf(anchor) + anchor.length;
    for (const piece of edits) {
      const text = base.slice(0, at) + piece + base.slice(at);
      for (const step of [text, base]) {
        const incremental = await cache.analyze('doc', step);
        assert.equal(cache.lastPath, 'body', 'the edit stays inside one body');
        assert.deepEqual(incremental, await analyzePythonSource(step), JSON.stringify(piece));
      }
    }
  } finally {
    cache.dispose();
  }
}
