// Seed files for mutation: every small file under test/fixtures (other helpers' fixtures and
// saved oracle divergences), read at run time so new fixtures join automatically.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const FIXTURES_DIR = path.join(__dirname, '..', 'fixtures');
export const DIVERGENCE_DIR = path.join(FIXTURES_DIR, 'oracle-divergences');

// Files that carry pickles (or are pickles) are the useful mutation seeds for this oracle;
// ORACLE_ALL_SEEDS=1 mutates every fixture (fuzzes the other analyzers through 'x.pkl' too).
const PICKLE_CARRIERS = new Set(['.pkl', '.pickle', '.p', '.dill', '.pt', '.pth', '.ckpt', '.bin', '.joblib', '.npy', '.npz', '.zip', '.tar']);
const SKIP = new Set(['.json', '.ts', '.js', '.md', '.py', '.txt', '.sh', '.mjs']);

function wanted(file: string): boolean {
  const ext = path.extname(file).toLowerCase();
  if (SKIP.has(ext)) return false;
  return process.env.ORACLE_ALL_SEEDS === '1' || PICKLE_CARRIERS.has(ext);
}
const MAX_SEED_BYTES = 256 * 1024;

export interface SeedFile {
  name: string;
  bytes: Uint8Array;
}

export function loadSeedFiles(root = FIXTURES_DIR, limit = 2000): SeedFile[] {
  const out: SeedFile[] = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (out.length >= limit) return;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && wanted(e.name)) {
        const size = fs.statSync(p).size;
        if (size > 0 && size <= MAX_SEED_BYTES) out.push({ name: path.relative(root, p), bytes: new Uint8Array(fs.readFileSync(p)) });
      }
    }
  };
  walk(root);
  return out;
}
