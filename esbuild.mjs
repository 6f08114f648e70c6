// One build for every bundle: extension client, language server, CLI.
// Bundles are CommonJS for Node 20; `vscode` stays external (the host provides it).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};

const builds = [
  { entryPoints: { 'client/extension': 'client/src/extension.ts' }, external: ['vscode'] },
  { entryPoints: { 'server/server': 'server/src/server.ts' } },
  { entryPoints: { 'cli/main': 'server/src/cli/main.ts' } },
];

// web-tree-sitter loads its runtime and the Python grammar as .wasm files at run time.
mkdirSync('out/wasm', { recursive: true });
copyFileSync('node_modules/web-tree-sitter/tree-sitter.wasm', 'out/wasm/tree-sitter.wasm');
copyFileSync('node_modules/tree-sitter-python/tree-sitter-python.wasm', 'out/wasm/tree-sitter-python.wasm');

for (const b of builds) {
  const options = { ...common, ...b, outdir: 'out' };
  if (watch) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  } else {
    await esbuild.build(options);
  }
}
