// MSL0xx: findings about the scan itself. Nothing is skipped silently: every limit hit,
// unreadable file or skipped input is reported with one of these.
import type { RuleMeta } from './types';

export const LIMIT_REACHED: RuleMeta = {
  id: 'MSL001',
  name: 'scan-limit-reached',
  title: 'Scan limit reached: part of the file was not analysed',
  family: 'scanner',
  severity: 'medium',
  confidence: 'high',
  why: 'Whatever lies beyond a resource limit was not inspected, so the file cannot be called safe.',
  description:
    'The scanner enforces explicit resource limits (opcodes, memo and stack sizes, nesting depth, decompressed bytes, ' +
    'compression ratio, archive entries, header sizes, wall time) so that a hostile file cannot exhaust memory or time. ' +
    'When a limit is reached the rest of that structure is not analysed and this finding says which limit and where. ' +
    'Hostile files are often built to hit limits on purpose.',
  safeAlternative: 'Raise the limit in the configuration only for files you have reason to trust, and rescan; otherwise treat the file as unsafe.',
};

export const UNREADABLE: RuleMeta = {
  id: 'MSL002',
  name: 'unreadable-input',
  title: 'File could not be read',
  family: 'scanner',
  severity: 'medium',
  confidence: 'high',
  why: 'A file that could not be read was not analysed at all.',
  description: 'The file could not be opened or read (permissions, a broken link, a device file, or it vanished during the scan). Nothing in it was analysed.',
  safeAlternative: 'Fix the permissions or the path and scan again.',
};

export const INTERNAL_ERROR: RuleMeta = {
  id: 'MSL003',
  name: 'analyzer-error',
  title: 'Analyzer failed on this input',
  family: 'scanner',
  severity: 'medium',
  confidence: 'high',
  why: 'An analyzer stopped on this file, so part of it was not inspected.',
  description:
    'An analyzer raised an unexpected error. The file is reported instead of silently passing; the error text is in the evidence. ' +
    'Please report it with the file (or a reduced copy) so the parser can be hardened.',
  safeAlternative: 'Treat the file as unverified until the scanner can analyse it.',
};

export const NOT_SCANNED: RuleMeta = {
  id: 'MSL004',
  name: 'not-scanned',
  title: 'File skipped by configuration',
  family: 'scanner',
  severity: 'info',
  confidence: 'high',
  why: 'A model file that was skipped (for example over the size setting) has not been checked.',
  description: 'The file matched the scan but was skipped because of a setting such as `maxFileSizeMB`. It is listed so that nothing is skipped silently.',
  safeAlternative: 'Scan it explicitly with `msl scan FILE`, or raise the setting.',
};

export const SUPPRESSION_WITHOUT_REASON: RuleMeta = {
  id: 'MSL009',
  name: 'suppression-without-reason',
  title: 'Suppression comment without a reason',
  family: 'scanner',
  severity: 'low',
  confidence: 'high',
  why: 'A silenced finding with no stated reason cannot be reviewed later.',
  description:
    '`# msl: ignore[MSL101] reason` silences the listed rules on its line. A directive without a reason still silences them, but ' +
    'is reported so that every exception carries a justification; one without rule ids silences nothing.',
  safeAlternative: 'Write why the finding does not apply after the rule list: `# msl: ignore[MSL101] checkpoint produced by our own trainer`.',
};

export const UNUSED_SUPPRESSION: RuleMeta = {
  id: 'MSL010',
  name: 'unused-suppression',
  title: 'Suppression comment that silences nothing',
  family: 'scanner',
  severity: 'info',
  confidence: 'high',
  why: 'A stale suppression would silently hide a future finding on that line.',
  description: 'The directive names a rule that reports nothing on its line (the code changed, or the id is mistyped).',
  safeAlternative: 'Remove the directive, or correct the rule id.',
};

export const MALFORMED_NOTEBOOK: RuleMeta = {
  id: 'MSL011',
  name: 'notebook-unreadable',
  title: 'Notebook could not be parsed',
  family: 'scanner',
  severity: 'medium',
  confidence: 'high',
  why: 'Cells of a notebook that could not be parsed were not analysed.',
  description: 'The `.ipynb` file is not valid notebook JSON (or a cell has an unexpected shape), so some or all of its code was not analysed.',
  safeAlternative: 'Open and re-save the notebook in Jupyter, or fix the JSON, and scan again.',
};

export const BASELINE_WITHOUT_JUSTIFICATION: RuleMeta = {
  id: 'MSL012',
  name: 'baseline-entry-without-justification',
  title: 'Accepted finding without a justification',
  family: 'scanner',
  severity: 'low',
  confidence: 'high',
  why: 'A finding accepted into the baseline with no stated reason cannot be reviewed later.',
  description:
    '`msl scan --baseline FILE` hides the findings listed in the baseline. Each entry still needs a `justification` saying why ' +
    'the finding is accepted; an entry whose justification is empty still hides its finding, but is reported so that every ' +
    'exception carries a reason.',
  safeAlternative: 'Write why the finding is acceptable in the entry\'s `justification`, or fix the file and remove the entry.',
};

export const scannerRules: RuleMeta[] = [
  LIMIT_REACHED, UNREADABLE, INTERNAL_ERROR, NOT_SCANNED, SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION, MALFORMED_NOTEBOOK,
  BASELINE_WITHOUT_JUSTIFICATION,
];
