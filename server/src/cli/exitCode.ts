// Exit codes: 0 nothing at or above the threshold, 1 something is, 2 a path could not be scanned
// (I/O errors win: a CI job must not pass when part of its input was never looked at).
import { SEVERITIES, atLeast, type Severity } from '../core/findings';
import type { RunSummary } from './report';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export function exitCodeFor(summary: RunSummary, failOn: Severity | 'none'): number {
  if (summary.errors.length > 0) return EXIT_ERROR;
  if (failOn === 'none') return EXIT_OK;
  return SEVERITIES.some((s) => atLeast(s, failOn) && summary.findings[s] > 0) ? EXIT_FINDINGS : EXIT_OK;
}
