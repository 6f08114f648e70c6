// What the CLI adds to an engine ScanResult on its way to the formatters: the file's digest, where
// a renamed file came from, the Git LFS object scanned in a pointer's place, and how each finding
// compares with a baseline or the base commit. Formatters that do not know these ignore them.
import type { Finding, Severity } from '../core/findings';
import type { ScanResult } from '../core/scan';

/** SARIF's `baselineState` vocabulary (we never produce `updated`). */
export type BaselineState = 'new' | 'unchanged' | 'absent';

export interface AcceptedFinding {
  finding: Finding;
  /** Its SARIF fingerprint (see `fingerprints`). */
  fingerprint: string;
  justification: string;
}

export interface ResultExtras {
  /** SHA-256 of the bytes scanned (files under the hashing cap only). */
  sha256?: string;
  /** Git: the path in the base commit of a renamed file. */
  renamedFrom?: string;
  /** Git LFS: the object id scanned in place of the pointer file. */
  lfsOid?: string;
  /**
   * SARIF fingerprints of `findings` (same order), computed before any baseline filtering so that
   * identical findings keep their ordinals.
   */
  fingerprints?: string[];
  /** Per finding, same order as `findings`: compared with the baseline (or BASE with --changed). */
  states?: BaselineState[];
  /** Findings hidden because the baseline accepts them. */
  accepted?: AcceptedFinding[];
}

export type CliScanResult = ScanResult & ResultExtras;

/** A finding known from before (the baseline file or the base commit) that this run did not see. */
export interface PriorFinding {
  fingerprint: string;
  ruleId: string;
  /** Path as shown in this run's report. */
  path: string;
  title: string;
  severity?: Severity;
  message?: string;
  evidence?: string;
}

/** What formatters learn about the comparison at the end of a run. */
export interface RunComparison {
  kind: 'base' | 'baseline';
  /** e.g. `main (merge base 1a2b3c4d5e)` or `msl.baseline.json`. */
  label: string;
  /** Findings of this run that were not there before. */
  newCount(): number;
  /** Whether the finding with this (SARIF) fingerprint is new. */
  isNew(fingerprint: string): boolean;
  /** Findings there before and gone now (fixed, or the file was removed). */
  absent(): PriorFinding[];
}
