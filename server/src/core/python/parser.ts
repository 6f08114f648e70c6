// Loads web-tree-sitter and the Python grammar once per process and shares them.
// The two .wasm files are found next to the bundle (`out/wasm/`, also the layout inside an
// installed extension) or, when running from source, inside their npm packages.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import type * as WebTreeSitter from 'web-tree-sitter';
import type { Tree } from 'web-tree-sitter';

// Loaded with require() on purpose: bundlers then pick the package's CommonJS build. Its ES
// build needs `import.meta.url`, which a CommonJS bundle does not have. Every value import of
// web-tree-sitter must come from here so that a bundle holds a single, initialised copy.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtime = require('web-tree-sitter') as typeof WebTreeSitter;
export const { Parser, Language, Query } = runtime;
export type Parser = WebTreeSitter.Parser;
export type Language = WebTreeSitter.Language;
export type Query = WebTreeSitter.Query;

const RUNTIME_WASM = 'tree-sitter.wasm';
const PYTHON_WASM = 'tree-sitter-python.wasm';

export interface PythonGrammar {
  readonly parser: Parser;
  readonly language: Language;
}

let loading: Promise<PythonGrammar> | undefined;

/** The shared parser; concurrent first callers wait on the same initialisation. */
export function loadPythonGrammar(): Promise<PythonGrammar> {
  if (!loading) {
    loading = initialise().catch((e: unknown) => {
      loading = undefined; // a later call may retry (e.g. after the files were installed)
      throw e;
    });
  }
  return loading;
}

async function initialise(): Promise<PythonGrammar> {
  // createRequire keeps bundlers from trying to resolve these package paths at build time.
  const packages = createRequire(__filename);
  const runtimeWasm = locate(RUNTIME_WASM, () => path.join(path.dirname(packages.resolve('web-tree-sitter')), RUNTIME_WASM));
  const grammar = locate(PYTHON_WASM, () => packages.resolve(`tree-sitter-python/${PYTHON_WASM}`));
  await Parser.init({ locateFile: (name: string) => (name === RUNTIME_WASM ? runtimeWasm : name) });
  const language = await Language.load(fs.readFileSync(grammar));
  const parser = new Parser();
  parser.setLanguage(language);
  return { parser, language };
}

/**
 * `bundled` first: in a bundle `__dirname` is `out/server` or `out/cli`. The package fallback uses
 * the package's main entry for web-tree-sitter because its `exports` map hides `tree-sitter.wasm`.
 */
function locate(file: string, fromPackage: () => string): string {
  const tried: string[] = [];
  const bundled = path.join(__dirname, '..', 'wasm', file);
  if (fs.existsSync(bundled)) return bundled;
  tried.push(bundled);
  try {
    const p = fromPackage();
    if (fs.existsSync(p)) return p;
    tried.push(p);
  } catch (e) {
    tried.push(`package lookup failed: ${(e as Error).message.split('\n')[0]}`);
  }
  throw new Error(`Model Security Lint: cannot find ${file} (tried ${tried.join('; ')}). Run \`npm run build\` or reinstall.`);
}

export interface ParseOutcome {
  tree: Tree | null;
  /** True when parsing was abandoned because the deadline passed. */
  timedOut: boolean;
}

/**
 * Parses `text`; the caller owns the tree and must `delete()` it. Pass the previous tree (after
 * `oldTree.edit(...)`) to re-parse incrementally.
 */
export function parsePython(grammar: PythonGrammar, text: string, deadline = Number.POSITIVE_INFINITY, oldTree?: Tree): ParseOutcome {
  let timedOut = false;
  const progressCallback = (): boolean => {
    if (Date.now() > deadline) timedOut = true;
    return timedOut;
  };
  const tree = grammar.parser.parse(text, oldTree ?? null, Number.isFinite(deadline) ? { progressCallback } : undefined);
  if (timedOut) {
    tree?.delete();
    grammar.parser.reset();
    return { tree: null, timedOut: true };
  }
  return { tree, timedOut: false };
}
