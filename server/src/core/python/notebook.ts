// Jupyter notebooks: the code cells are analysed together as one module (later cells see earlier
// imports), then every finding is mapped back to its cell. IPython syntax (`%magic`, `!shell`,
// `%%cell` magics, `obj?`) is blanked out before parsing; shell lines and `%pip` are checked as
// shell text (MSL502/MSL503). Never throws: malformed JSON gives an MSL011 finding and a problem.
import { createFinding, type Finding, type Location, type Position, type TextEdit } from '../findings';
import { DEFAULT_LIMITS } from '../limits';
import { PIP_INSTALL_URL, SHELL_DOWNLOAD_RUN } from '../rules/codeExecution';
import { MALFORMED_NOTEBOOK } from '../rules/scanner';
import { analyzeUnsuppressed, byPosition, parseTimeout, type PythonAnalysisOptions } from './analyze';
import { loadPythonGrammar, parsePython } from './parser';
import { shellRisks } from './shell';
import { applySuppressions, type DirectiveComment } from './suppressions';
import { oneLine } from './text';

export interface NotebookAnalysis {
  findings: Finding[];
  /** What could not be analysed, in words (also reported as MSL011 findings when the file is broken). */
  problems: string[];
}

interface CellSpan { cell: number; firstLine: number; lineCount: number }

interface ShellLine { line: number; command: string; column: number }

interface VirtualModule {
  text: string;
  cells: CellSpan[];
  shell: ShellLine[];
  comments: DirectiveComment[];
}

export async function analyzeNotebook(jsonText: string, options: PythonAnalysisOptions = {}): Promise<NotebookAnalysis> {
  const read = readCells(jsonText);
  if ('problem' in read) {
    return { findings: [createFinding(MALFORMED_NOTEBOOK, { message: read.problem, location: { kind: 'file' } })], problems: [read.problem] };
  }
  // Nothing is skipped silently: every cell left out is also a finding.
  const skipped = read.problems.map((problem) => createFinding(MALFORMED_NOTEBOOK, {
    message: problem, location: { kind: 'file' }, ...(read.cells.length === 0 && /language/.test(problem) ? { severity: 'info' as const } : {}),
  }));
  if (read.cells.length === 0) return { findings: skipped, problems: read.problems };
  const findings = await analyzeCodeCells(read.cells, options);
  return { findings: [...skipped, ...findings], problems: read.problems };
}

/** A cell as an editor holds it (LSP notebook sync): its text and whether it is code. */
export interface EditorCell {
  text: string;
  kind: 'code' | 'markup';
}

/**
 * The editor's view of a notebook: the code cells, analysed as one module like `analyzeNotebook`
 * does. Findings carry `cell` = the index in `cells` (markup cells count, as in the file).
 */
export async function analyzeNotebookCells(cells: readonly EditorCell[], options: PythonAnalysisOptions = {}): Promise<Finding[]> {
  const code = cells.flatMap((c, index) => (c.kind === 'code' ? [{ index, source: c.text }] : []));
  return code.length === 0 ? [] : analyzeCodeCells(code, options);
}

async function analyzeCodeCells(cells: { index: number; source: string }[], options: PythonAnalysisOptions): Promise<Finding[]> {
  const module = buildModule(cells);
  const grammar = await loadPythonGrammar();
  const budget = options.maxWallTimeMs ?? DEFAULT_LIMITS.maxWallTimeMs;
  const { tree } = parsePython(grammar, module.text, Date.now() + budget);
  if (!tree) return [parseTimeout(budget)];
  try {
    const { findings, comments, lines } = analyzeUnsuppressed(tree, module.text, options.hubPins ? { hubPins: options.hubPins } : {});
    findings.push(...shellFindings(module.shell));
    const kept = applySuppressions(findings, [...comments, ...module.comments]);
    const lineLength = (line: number): number => (line + 1 < lines.lineCount ? lines.lineStart(line + 1) - 1 : module.text.length) - lines.lineStart(line);
    return kept.map((f) => toCell(f, module.cells, lineLength)).sort(byPosition);
  } finally {
    tree.delete();
  }
}

/** Code cells with their index in the notebook's `cells` array. */
function readCells(jsonText: string): { cells: { index: number; source: string }[]; problems: string[] } | { problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(jsonText);
  } catch (e) {
    return { problem: `The notebook is not valid JSON: ${(e as Error).message}` };
  }
  const nb = raw as { cells?: unknown; worksheets?: { cells?: unknown }[]; metadata?: { kernelspec?: { language?: unknown }; language_info?: { name?: unknown } } };
  if (typeof raw !== 'object' || raw === null) return { problem: 'The notebook is not a JSON object.' };
  const list = Array.isArray(nb.cells) ? nb.cells : Array.isArray(nb.worksheets?.[0]?.cells) ? nb.worksheets![0].cells as unknown[] : undefined;
  if (!list) return { problem: 'The notebook has no `cells` array.' };
  const language = nb.metadata?.kernelspec?.language ?? nb.metadata?.language_info?.name;
  if (typeof language === 'string' && language.toLowerCase() !== 'python') {
    return { cells: [], problems: [`The notebook's language is ${language}, not Python: its cells were not analysed.`] };
  }
  const problems: string[] = [];
  const cells: { index: number; source: string }[] = [];
  list.forEach((c, index) => {
    const cell = c as { cell_type?: unknown; source?: unknown; input?: unknown };
    if (typeof c !== 'object' || c === null) {
      problems.push(`Cell ${index} is not an object and was skipped.`);
      return;
    }
    if (cell.cell_type !== 'code') return;
    const source = cell.source ?? cell.input;
    if (typeof source === 'string') cells.push({ index, source });
    else if (Array.isArray(source) && source.every((s) => typeof s === 'string')) cells.push({ index, source: source.join('') });
    else problems.push(`Code cell ${index} has no readable source and was skipped.`);
  });
  return { cells, problems };
}

const SHELL_CELL = /^%%(?:bash|sh|zsh|script\s+(?:ba|z)?sh|system)\b/;
const PYTHON_CELL = /^%%(?:capture|time|timeit|prun|debug|python3?)\b/;
const HELP_LINE = /^\s*\??[\w.]+\?{1,2}\s*$/;
const ASSIGNED_MAGIC = /^(\s*[\w.]+\s*=\s*)([!%])(.*)$/;

/** One module from all code cells, IPython lines blanked, shell lines and their comments kept aside. */
function buildModule(cells: { index: number; source: string }[]): VirtualModule {
  const out: string[] = [];
  const spans: CellSpan[] = [];
  const shell: ShellLine[] = [];
  const comments: DirectiveComment[] = [];
  for (const { index, source } of cells) {
    const lines = source.split(/\r\n|\n|\r/);
    const firstLine = out.length;
    spans.push({ cell: index, firstLine, lineCount: lines.length });
    const head = lines.find((l) => l.trim() !== '')?.trim() ?? '';
    const cellMagic = head.startsWith('%%') ? (SHELL_CELL.test(head) ? 'shell' : PYTHON_CELL.test(head) ? 'python' : 'other') : undefined;
    let seenHead = false;
    lines.forEach((line, i) => {
      const at = firstLine + i;
      const trimmed = line.trimStart();
      const isHead = !seenHead && trimmed !== '';
      if (isHead) seenHead = true;
      if (cellMagic && (isHead || cellMagic !== 'python')) {
        if (cellMagic === 'shell' && !isHead) addShell(shell, comments, at, line, 0);
        out.push('');
        return;
      }
      const assigned = ASSIGNED_MAGIC.exec(line);
      const magic = trimmed.startsWith('!') || trimmed.startsWith('%') ? { prefix: line.length - trimmed.length, body: trimmed } : assigned ? { prefix: assigned[1].length, body: assigned[2] + assigned[3] } : undefined;
      if (magic) {
        const body = magic.body.replace(/^!+/, '');
        if (magic.body.startsWith('!')) addShell(shell, comments, at, body, magic.prefix + (magic.body.length - body.length));
        else {
          const m = /^%+\s*(pip|conda|system|sx|sh)\b(.*)$/.exec(magic.body);
          if (m) addShell(shell, comments, at, m[1] === 'pip' ? `pip${m[2]}` : m[2], magic.prefix);
        }
        out.push('');
        return;
      }
      out.push(HELP_LINE.test(line) ? '' : line);
    });
  }
  return { text: out.join('\n'), cells: spans, shell, comments };
}

function addShell(shell: ShellLine[], comments: DirectiveComment[], line: number, command: string, column: number): void {
  shell.push({ line, command, column });
  const hash = /(^|\s)#/.exec(command);
  if (hash) {
    const start = column + hash.index + hash[1].length;
    const text = command.slice(hash.index + hash[1].length);
    comments.push({ line, text, range: { start: { line, character: start }, end: { line, character: start + text.length } } });
  }
}

function shellFindings(shell: ShellLine[]): Finding[] {
  const out: Finding[] = [];
  for (const s of shell) {
    for (const risk of shellRisks(s.command)) {
      const rule = risk.kind === 'download-run' ? SHELL_DOWNLOAD_RUN : PIP_INSTALL_URL;
      out.push(createFinding(rule, {
        message: risk.kind === 'download-run'
          ? `This shell line runs \`${oneLine(risk.command, 100)}\`, which pipes a download into an interpreter.`
          : `This line installs \`${oneLine(risk.target, 100)}\` without a hash or commit pin.`,
        location: { kind: 'text', range: { start: { line: s.line, character: s.column }, end: { line: s.line, character: s.column + s.command.length } } },
        evidence: oneLine(s.command),
      }));
    }
  }
  return out;
}

/** Maps a finding of the joined module to its cell; a fix whose edits leave the cell is dropped. */
function toCell(f: Finding, cells: CellSpan[], lineLength: (line: number) => number): Finding {
  if (f.location.kind !== 'text') return f;
  const loc = f.location;
  const span = spanOf(cells, loc.range.start.line);
  if (!span) return f;
  const last = span.firstLine + span.lineCount - 1;
  const endInside = loc.range.end.line <= last;
  const location: Location = {
    kind: 'text',
    cell: span.cell,
    range: {
      start: { line: loc.range.start.line - span.firstLine, character: loc.range.start.character },
      end: endInside ? { line: loc.range.end.line - span.firstLine, character: loc.range.end.character } : { line: span.lineCount - 1, character: lineLength(last) },
    },
  };
  // An edit ending at the start of the next cell's first line ends at the end of this cell instead.
  const clip = (p: Position): Position => (p.line === last + 1 && p.character === 0 ? { line: last, character: lineLength(last) } : p);
  const mapped: Finding = { ...f, location };
  delete mapped.fix;
  if (f.fix && f.fix.edits.every((e) => e.range.start.line >= span.firstLine && clip(e.range.end).line <= last)) {
    const edits: TextEdit[] = f.fix.edits.map((e) => {
      const end = clip(e.range.end);
      return {
        newText: e.newText,
        range: { start: { line: e.range.start.line - span.firstLine, character: e.range.start.character }, end: { line: end.line - span.firstLine, character: end.character } },
      };
    });
    mapped.fix = { title: f.fix.title, edits };
  }
  return mapped;
}

function spanOf(cells: CellSpan[], line: number): CellSpan | undefined {
  let lo = 0;
  let hi = cells.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (cells[mid].firstLine <= line) lo = mid;
    else hi = mid - 1;
  }
  return cells[lo];
}
