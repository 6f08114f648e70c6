// A small, strict argument parser: declared options only, clear messages for anything else.
// Supports `--name value`, `--name=value`, `-x value`, bundled short flags (`-qv`) and `--`.

export interface OptionSpec {
  /** Long name without the dashes, e.g. `format`. */
  name: string;
  short?: string;
  /** Takes a value (`--format json`); otherwise a boolean flag. */
  value?: boolean;
  /** May be given more than once; values are collected in order. */
  repeatable?: boolean;
  /** Hint shown when the value is missing, e.g. `text, json or sarif`. */
  valueHint?: string;
  /** A flag that may carry a value inline only (`--changed` or `--changed=BASE`). */
  optionalValue?: boolean;
}

export interface ParsedArgs {
  /** Flags given (`true`) and the last value of single-valued options. */
  flags: Set<string>;
  values: Map<string, string>;
  lists: Map<string, string[]>;
  positionals: string[];
}

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], command: string): ParsedArgs {
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const out: ParsedArgs = { flags: new Set(), values: new Map(), lists: new Map(), positionals: [] };
  const take = (spec: OptionSpec, given: string, inline: string | undefined, i: number): number => {
    if (!spec.value) {
      if (inline !== undefined && spec.optionalValue) out.values.set(spec.name, inline);
      else if (inline !== undefined) throw new UsageError(`${command}: option '${given}' does not take a value`);
      out.flags.add(spec.name);
      return i;
    }
    let v = inline;
    if (v === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-')) {
        throw new UsageError(`${command}: option '${given}' needs a value${spec.valueHint ? ` (${spec.valueHint})` : ''}`);
      }
      v = next;
      i++;
    }
    if (spec.repeatable) out.lists.set(spec.name, [...(out.lists.get(spec.name) ?? []), v]);
    else out.values.set(spec.name, v);
    return i;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const spec = byLong.get(name);
      if (!spec) throw new UsageError(unknownOption(command, `--${name}`, specs));
      i = take(spec, `--${name}`, eq < 0 ? undefined : arg.slice(eq + 1), i);
    } else if (arg.startsWith('-') && arg.length > 1) {
      // Bundled short flags: every letter but the last must be a flag.
      const letters = arg.slice(1);
      for (let k = 0; k < letters.length; k++) {
        const spec = byShort.get(letters[k]!);
        if (!spec) throw new UsageError(unknownOption(command, `-${letters[k]}`, specs));
        const rest = letters.slice(k + 1);
        if (spec.value) {
          i = take(spec, `-${letters[k]}`, rest.length > 0 ? rest : undefined, i);
          break;
        }
        take(spec, `-${letters[k]}`, undefined, i);
      }
    } else {
      out.positionals.push(arg);
    }
  }
  return out;
}

function unknownOption(command: string, given: string, specs: readonly OptionSpec[]): string {
  const guess = closest(given.replace(/^-+/, ''), specs.map((s) => s.name));
  const hint = guess ? ` Did you mean '--${guess}'?` : '';
  return `${command}: unknown option '${given}'.${hint} Run '${command} --help' for usage.`;
}

/** The candidate within edit distance 2 (or a prefix match), for "did you mean" hints. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = c.startsWith(word) && word.length >= 2 ? 1 : editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
