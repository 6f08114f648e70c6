// Help texts of the pull-request commands and options (kept apart from usage.ts, which several
// features edit): `msl baseline`, `msl bom`, and the --changed/--staged/--baseline/--shard/--jobs
// block of `msl scan --help`.

export const SCAN_PR_OPTIONS_USAGE = `      --changed[=BASE]    scan only the model files and scripts added or modified
                          between BASE and the working tree (untracked files too).
                          Default BASE: the merge base with origin/HEAD, else main,
                          else master, else the root commit. \`--changed BASE\` works
                          when BASE is not also a path. PATHs limit the selection.
      --staged            scan the staged (index) versions of staged model files
                          and scripts (for pre-commit hooks)
      --baseline FILE     report only findings not accepted in FILE (msl baseline
                          writes one); entries without a justification: MSL012
      --shard I/N         scan only the files of shard I of N (1-based; by a hash
                          of each path relative to the working directory)
  -j, --jobs N            worker threads (default: the number of cores; scans of
                          fewer than 64 files stay in one thread unless given)
`;

export const BASELINE_USAGE = `Usage: msl baseline [options] [PATH...]

Scans PATHs (default: .) like \`msl scan\` and writes every finding to a baseline
file, so that \`msl scan --baseline FILE\` reports only new findings. Entries match
by fingerprint (rule, file, archive member, pointer, evidence; never offsets).
Each entry has a "justification": written empty, to be filled in by a person;
\`msl scan --baseline\` reports accepted findings whose justification is empty
(MSL012, low). Justifications of an existing baseline are kept.

Options:
  -o, --output FILE       the baseline file (default: msl.baseline.json)
      --include GLOB      only matching files inside folders (repeatable)
      --exclude GLOB      skip matching files and folders (repeatable)
      --config FILE       configuration file (default: ./msl.config.json)
  -q, --quiet             no message on stderr
  -h, --help              show this help

Exit codes: 0 written, 2 usage or I/O error (an unreadable existing baseline is
            never overwritten).
`;

export const BOM_USAGE = `Usage: msl bom [options] [PATH...]

Scans PATHs (default: .) and writes a CycloneDX ML-BOM (JSON): one component per
file (machine-learning-model for model files, file for scripts), with its
SHA-256, format, provenance (from msl.lock.json when recorded) and a findings
summary as msl:* properties. Nothing is executed.

Options:
  -o, --output FILE       write the BOM to FILE instead of stdout
      --spec-version V    CycloneDX 1.6 (default) or 1.5
      --include GLOB      only matching files inside folders (repeatable)
      --exclude GLOB      skip matching files and folders (repeatable)
      --config FILE       configuration file (default: ./msl.config.json)
  -q, --quiet             no progress line
  -h, --help              show this help

Exit codes: 0 written (findings do not fail it: use msl scan for that),
            2 usage or I/O error.
`;
