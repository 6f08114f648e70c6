// One build for every bundle: extension client, language server, CLI, report webview.
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
  // onnxruntime-node is a native module: never inlined, loaded from node_modules at run time.
  { entryPoints: { 'server/server': 'server/src/server.ts' }, external: ['onnxruntime-node'] },
  // The CycloneDX library's XML and validation plug-ins are optional and loaded lazily; `msl bom`
  // writes JSON only, so they stay unresolved (never required).
  { entryPoints: { 'cli/main': 'server/src/cli/main.ts' }, external: ['onnxruntime-node', 'xmlbuilder2', 'libxmljs2', 'ajv-formats-draft2019'] },
  // `msl scan`'s worker threads (parallel scans of independent files).
  { entryPoints: { 'cli/scanWorker': 'server/src/cli/scanWorker.ts' }, external: ['onnxruntime-node'] },
  // The isolated HDF5 reader (h5wasm in a worker thread, see core/formats/keras/h5Isolated.ts), next to
  // each bundle that scans. h5wasm's Node build needs import.meta.url, which CommonJS lacks.
  {
    entryPoints: { 'cli/h5Worker': 'server/src/core/formats/keras/h5Worker.ts', 'server/h5Worker': 'server/src/core/formats/keras/h5Worker.ts' },
    define: { 'import.meta.url': '__mslImportMetaUrl' },
    banner: { js: "const __mslImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  },
  // The probe sandbox's child process (spawned by the server and the CLI from out/probes/).
  { entryPoints: { 'probes/worker': 'server/src/probes/worker.ts' }, external: ['onnxruntime-node'] },
  // The report webview runs in a browser sandbox: an IIFE, no Node built-ins.
  { entryPoints: { 'media/report': 'media/src/main.ts' }, platform: 'browser', target: 'es2022', format: 'iife' },
  // The extension-host test suite (test-electron and code-server); never packaged (.vscodeignore).
  { entryPoints: { 'test/vscode/suite': 'test/vscode/suite/index.ts' }, external: ['vscode'], sourcemap: 'inline' },
];

// web-tree-sitter loads its runtime and the Python grammar as .wasm files at run time.
mkdirSync('out/wasm', { recursive: true });
copyFileSync('node_modules/web-tree-sitter/tree-sitter.wasm', 'out/wasm/tree-sitter.wasm');
copyFileSync('node_modules/tree-sitter-python/tree-sitter-python.wasm', 'out/wasm/tree-sitter-python.wasm');
mkdirSync('out/media', { recursive: true });
copyFileSync('media/report.css', 'out/media/report.css');

for (const b of builds) {
  const options = { ...common, ...b, outdir: 'out' };
  if (watch) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  } else {
    await esbuild.build(options);
  }
}
