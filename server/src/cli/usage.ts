// Help texts, one per command. Kept next to each other so they stay consistent.

export const MAIN_USAGE = `Model Security Lint: finds security risks in ML model files and the code that loads them.

Usage:
  msl scan [options] PATH...   scan model files, scripts and folders
  msl disasm FILE              print the pickle disassembly of a model file
  msl rules [--format json]    list the rules
  msl help [COMMAND]           show help (also: msl COMMAND --help)
  msl --version                print the version

Exit codes: 0 nothing at or above the --fail-on threshold, 1 something is,
            2 usage error, configuration error or I/O error.
`;

export const SCAN_USAGE = `Usage: msl scan [options] PATH...

Scans files and folders (recursively). Files named on the command line are always
scanned; inside folders only files matching the include globs (and none of the
exclude globs) are, matched against the path relative to that folder.

Options:
  -f, --format FORMAT     text (default), json or sarif
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
      --color, --no-color force or disable colour (default: colour on a
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

export const USAGE_BY_COMMAND: Record<string, string> = {
  scan: SCAN_USAGE,
  disasm: DISASM_USAGE,
  rules: RULES_USAGE,
};
