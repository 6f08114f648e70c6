// Help texts, one per command. Kept next to each other so they stay consistent.
import { BASELINE_USAGE, BOM_USAGE, SCAN_PR_OPTIONS_USAGE } from './prUsage';

export const MAIN_USAGE = `Model Security Lint: finds security risks in ML model files and the code that loads them.

Usage:
  msl scan [options] PATH...   scan model files, scripts and folders
  msl disasm FILE              print the pickle disassembly of a model file
  msl probe [options] FILE...  run runtime probes on ONNX models (sandboxed)
  msl rules [--format json]    list the rules
  msl lock [PATH...]           record model files in msl.lock.json
  msl verify                   check every msl.lock.json entry against its file
  msl baseline [PATH...]       accept the current findings (msl.baseline.json)
  msl bom [PATH...]            write a CycloneDX ML-BOM of the model files
  msl help [COMMAND]           show help (also: msl COMMAND --help)
  msl --version                print the version

Exit codes: 0 nothing at or above the --fail-on threshold, 1 something is,
            2 usage error, configuration error or I/O error.
`;

export const SCAN_USAGE = `Usage: msl scan [options] PATH...
       msl scan --changed[=BASE] | --staged [options] [PATH...]

Scans files and folders (recursively). Files named on the command line are always
scanned; inside folders only files matching the include globs (and none of the
exclude globs) are, matched against the path relative to that folder.

Options:
  -f, --format FORMAT     text (default), json, sarif or markdown
  -o, --output FILE       write the report to FILE instead of stdout
                          (refused when FILE is one of the scanned files)
      --fail-on SEVERITY  exit 1 when a finding is at or above SEVERITY:
                          critical, high (default), medium, low, info, or none
      --include GLOB      only scan matching files inside folders (repeatable;
                          replaces the configuration's and the default list)
      --exclude GLOB      skip matching files and folders (repeatable; replaces
                          the configuration's and the default list)
      --config FILE       read this configuration file instead of
                          ./msl.config.json
      --max-file-size MB  list files larger than MB megabytes as not scanned
      --probe             also run runtime probes on ONNX files (executes the
                          model in a sandboxed child process; see msl probe)
${SCAN_PR_OPTIONS_USAGE}      --color, --no-color force or disable colour (default: colour on a
                          terminal unless NO_COLOR is set)
  -v, --verbose           also list files without findings
  -q, --quiet             text: print findings only (no summary); no progress
  -h, --help              show this help

Exit codes: 0 nothing at or above the threshold, 1 something is,
            2 usage, configuration or I/O error (a missing path, an unreadable
              folder, an unwritable --output; the other paths are still scanned).
`;

export const DISASM_USAGE = `Usage: msl disasm [--no-color] FILE

Prints the disassembly of every pickle stream in FILE (a pickle, or a PyTorch
checkpoint and other archives holding pickles), one opcode per line.
Nothing in the file is executed. Exit code 2 when the file cannot be read.
`;

export const RULES_USAGE = `Usage: msl rules [--format text|json]

Lists every rule: id, default severity and title (json adds the description,
why, safe alternative and documentation URL).
`;

export const PROBE_USAGE = `Usage: msl probe [options] FILE...

Runs each ONNX model on synthetic inputs in a sandboxed child process (empty
working directory, one thread, memory limit, hard deadline) and reports
trigger-like sensitivity, output exposure, overconfidence on noise, NaN/Inf
and non-determinism (MSL9xx). The static scan runs first: models with external
data, custom-domain operators or runaway Loops are never executed.

Options:
  -f, --format FORMAT     text (default) or json
      --fail-on SEVERITY  exit 1 when a finding is at or above SEVERITY
                          (default high; none never fails)
      --budget-ms MS      time the probe suite aims to take (default 1500)
      --deadline-ms MS    hard deadline of the child process (default 10000)
  -h, --help              show this help
`;

export const LOCK_USAGE = `Usage: msl lock [options] [PATH...]

Records the model files under each PATH (files or folders, inside the project root)
in msl.lock.json at the project root: path, size, SHA-256, format and source.
Without PATH, refreshes the entries already recorded (never adds files).
Entries whose file is gone are kept and reported as missing unless --prune is
given. Prints what changed: added, changed, unchanged, missing.

Options:
      --source URL        where new files came from (https:// URL)
      --hub ORG/NAME      ... or the Hub repository they came from,
      --revision SHA      at this 40-hex commit (required with --hub)
      --license ID        licence recorded for new files (e.g. apache-2.0)
      --prune             remove entries whose file no longer exists
      --dry-run           print the changes without writing msl.lock.json
      --root DIR          project root holding msl.lock.json (default: .)
  -f, --format FORMAT     text (default) or json
  -h, --help              show this help

Model files found without a source are listed and not recorded (exit 1).
Exit codes: 0 done, 1 some files were not recorded, 2 usage or I/O error, or an
            msl.lock.json with unreadable entries (it is never rewritten then).
`;

export const VERIFY_USAGE = `Usage: msl verify [options]

Checks every entry of msl.lock.json: the file exists, its size and SHA-256 match,
its source is pinned and not plain HTTP, and its signature (when recorded, or
required by provenance.requireSignatures in msl.config.json) verifies offline.

Options:
  -f, --format FORMAT     text (default), json or sarif
      --fail-on SEVERITY  exit 1 when a finding is at or above SEVERITY:
                          critical, high (default), medium, low, info, or none
                          (digest mismatch: high; missing file: medium;
                          bad signature: critical)
      --root DIR          project root holding msl.lock.json (default: .)
      --config FILE       configuration file (default: msl.config.json in the root)
  -v, --verbose           also list entries that verify
  -q, --quiet             text: print findings only
  -h, --help              show this help

Exit codes: 0 nothing at or above the threshold, 1 something is,
            2 no manifest, or a usage or configuration error.
`;

export const USAGE_BY_COMMAND: Record<string, string> = {
  baseline: BASELINE_USAGE,
  bom: BOM_USAGE,
  lock: LOCK_USAGE,
  verify: VERIFY_USAGE,
  probe: PROBE_USAGE,
  scan: SCAN_USAGE,
  disasm: DISASM_USAGE,
  rules: RULES_USAGE,
};
