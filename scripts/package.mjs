// `npm run package [-- TARGET...]`: one VSIX per platform target. Everything is bundled by esbuild
// except onnxruntime-node (a native module used by the probe worker); each VSIX carries only its
// own platform's onnxruntime binaries, staged under out/node_modules/ where the worker resolves them.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const TARGETS = { 'linux-x64': 'linux/x64', 'linux-arm64': 'linux/arm64', 'darwin-arm64': 'darwin/arm64', 'win32-x64': 'win32/x64', 'win32-arm64': 'win32/arm64' };
const wanted = process.argv.slice(2);
for (const t of wanted) if (!TARGETS[t]) { console.error(`unknown target ${t}; known: ${Object.keys(TARGETS).join(', ')}`); process.exit(2); }
const targets = wanted.length > 0 ? wanted : Object.keys(TARGETS);
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
const stage = 'out/node_modules';
const runtimeOnly = (src) => !/\.(map|d\.ts|ts)$/.test(src) || statSync(src).isDirectory();

execFileSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
mkdirSync('dist', { recursive: true });
try {
  for (const target of targets) {
    rmSync(stage, { recursive: true, force: true });
    const ort = 'node_modules/onnxruntime-node';
    const binaries = join(ort, 'bin/napi-v6', TARGETS[target]);
    if (!existsSync(binaries)) throw new Error(`onnxruntime-node ships no binaries for ${target} (${binaries})`);
    cpSync(join(ort, 'package.json'), join(stage, 'onnxruntime-node/package.json'));
    cpSync(join(ort, 'dist'), join(stage, 'onnxruntime-node/dist'), { recursive: true, filter: runtimeOnly });
    cpSync(binaries, join(stage, 'onnxruntime-node', binaries.slice(ort.length + 1)), { recursive: true });
    cpSync('node_modules/onnxruntime-common/package.json', join(stage, 'onnxruntime-common/package.json'));
    cpSync('node_modules/onnxruntime-common/dist/cjs', join(stage, 'onnxruntime-common/dist/cjs'), { recursive: true, filter: runtimeOnly });
    const out = `dist/model-security-lint-${target}-${version}.vsix`;
    execFileSync(process.execPath, ['node_modules/@vscode/vsce/vsce', 'package', '--no-dependencies', '--skip-license', '--target', target, '--out', out], { stdio: 'inherit' });
    console.log(`${out}: ${(statSync(out).size / 1024 / 1024).toFixed(2)} MiB`);
  }
} finally {
  rmSync(stage, { recursive: true, force: true });
}
console.log(`packaged: ${readdirSync('dist').filter((f) => f.endsWith('.vsix')).join(', ')}`);
