// Classifies shell command text: downloads piped into an interpreter (MSL502), and `pip install`
// of URLs or git references without hashes (MSL503). Shared by subprocess/os.system calls and
// notebook `!` / `%pip` lines. Heuristics on text: commands are split on `;`, `&&`, `||` and
// newlines, pipelines are kept whole.

export type ShellRisk =
  | { kind: 'download-run'; command: string }
  | { kind: 'pip-url'; command: string; target: string };

const FETCH = String.raw`(?:curl|wget|fetch|iwr|invoke-webrequest|irm|invoke-restmethod)\b`;
const RUNNER = String.raw`(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+(?:\S+=\S*\s+)*)?(?:ba|z|k|da|fi|c|tc)?sh|python[\d.]*|perl|ruby|node|php|iex|invoke-expression|pwsh|powershell`;
const PIPE_TO_RUNNER = new RegExp(String.raw`\b${FETCH}[^|]*\|\s*(?:${RUNNER})\b`, 'i');
const RUN_SUBSTITUTION = new RegExp(String.raw`(?:^|[\s;&|(])(?:${RUNNER})\b[^\n]*(?:<\(|\$\(|\x60)\s*${FETCH}`, 'i');

export function shellRisks(text: string): ShellRisk[] {
  const out: ShellRisk[] = [];
  for (const raw of text.split(/\r\n|\n|\r|;|&&|\|\|/)) {
    const command = raw.trim();
    if (!command) continue;
    if (PIPE_TO_RUNNER.test(command) || RUN_SUBSTITUTION.test(command)) {
      out.push({ kind: 'download-run', command });
      continue;
    }
    const target = unpinnedPipTarget(command);
    if (target) out.push({ kind: 'pip-url', command, target });
  }
  // `sh -c "$(curl …)"` spans a separator inside quotes: check the text whole as well.
  if (!out.some((r) => r.kind === 'download-run') && RUN_SUBSTITUTION.test(text)) out.push({ kind: 'download-run', command: text.trim() });
  return out;
}

/** The first URL or git reference a `pip install` command installs without a hash, if any. */
function unpinnedPipTarget(command: string): string | undefined {
  const m = /\bpip[\d.]*\s+install\b(.*)$/i.exec(command) ?? /\buv\s+pip\s+install\b(.*)$/i.exec(command);
  if (!m) return undefined;
  const args = m[1];
  if (/--require-hashes|--hash[=\s]/.test(args)) return undefined;
  for (const token of args.split(/\s+/)) {
    const t = token.replace(/^['"]|['"]$/g, '');
    const url = /(?:^|@\s*)((?:git\+)?(?:https?|ftp|ssh|file):\/\/\S+|git\+\S+)/i.exec(t);
    if (!url) continue;
    const target = url[1];
    if (/#sha256=|#sha384=|#sha512=/i.test(target)) continue;
    if (/^git\+/i.test(target) && /@[0-9a-f]{40}(?:#|$)/i.test(target)) continue; // pinned to a commit
    if (/^file:/i.test(target)) continue;
    return target;
  }
  return undefined;
}
