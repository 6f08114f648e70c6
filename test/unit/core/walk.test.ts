import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { walkFiles, type WalkEntry } from '../../../server/src/core/workspace/walk';

async function collect(it: AsyncGenerator<WalkEntry>): Promise<WalkEntry[]> {
  const out: WalkEntry[] = [];
  for await (const e of it) out.push(e);
  return out;
}

function tree(files: string[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-walk-'));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    fs.writeFileSync(path.join(root, f), 'x');
  }
  return root;
}

test('default globs pick model files and scripts, skip excluded folders', async () => {
  const root = tree(['a/model.pt', 'a/notes.txt', 'b/train.py', 'node_modules/x/evil.pkl', '.git/objects/o.pkl', 'c/W.PKL', 'd/pytorch_model.bin']);
  const rel = (await collect(walkFiles(root))).map((e) => (e.kind === 'file' ? e.relative : `error:${e.path}`));
  assert.deepEqual(rel, ['a/model.pt', 'b/train.py', 'c/W.PKL', 'd/pytorch_model.bin']);
});

test('include and exclude globs are honoured', async () => {
  const root = tree(['keep/m.pkl', 'skip/m.pkl', 'keep/s.py']);
  const rel = (await collect(walkFiles(root, { include: ['**/*.pkl'], exclude: ['skip/**'] }))).map((e) => e.kind === 'file' && e.relative);
  assert.deepEqual(rel, ['keep/m.pkl']);
});

test('directory symlink loops are not followed; a missing root is an error entry', async () => {
  const root = tree(['m.pkl']);
  fs.symlinkSync(root, path.join(root, 'loop'));
  const entries = await collect(walkFiles(root));
  assert.deepEqual(entries.map((e) => e.kind === 'file' && e.relative), ['m.pkl']);
  const missing = await collect(walkFiles(path.join(root, 'nope')));
  assert.equal(missing.length, 1);
  assert.equal(missing[0]!.kind, 'error');
});
