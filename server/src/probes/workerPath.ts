// Where the probe worker's entry point is: `out/probes/worker.js` next to the server and CLI
// bundles, or the TypeScript source run through tsx when the code itself runs from source (tests).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface WorkerCommand {
  script: string;
  execArgv: string[];
  /** False under the tsx loader, whose transpiler reserves tens of GB of address space. */
  canLimitMemory: boolean;
}

export function workerCommand(override?: string): WorkerCommand {
  if (override) return withLoader(override);
  const source = path.join(__dirname, 'worker.ts');
  if (fs.existsSync(source)) return withLoader(source);
  for (const candidate of [path.join(__dirname, '..', 'probes', 'worker.js'), path.join(__dirname, 'worker.js')]) {
    if (fs.existsSync(candidate)) return { script: candidate, execArgv: [], canLimitMemory: true };
  }
  throw new Error(`The probe worker was not found next to ${__dirname} (expected out/probes/worker.js).`);
}

function withLoader(script: string): WorkerCommand {
  if (!script.endsWith('.ts')) return { script, execArgv: [], canLimitMemory: true };
  const loader = findUp(path.dirname(script), path.join('node_modules', 'tsx', 'dist', 'loader.mjs'));
  if (!loader) throw new Error('Running the probe worker from source needs tsx (node_modules/tsx).');
  return { script, execArgv: ['--import', pathToFileURL(loader).href], canLimitMemory: false };
}

function findUp(from: string, rel: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const p = path.join(dir, rel);
    if (fs.existsSync(p)) return p;
    if (path.dirname(dir) === dir) return undefined;
  }
}
