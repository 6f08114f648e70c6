// Shell command classification shared by subprocess calls and notebook lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shellRisks } from '../../../server/src/core/python/shell';

const kinds = (cmd: string): string[] => shellRisks(cmd).map((r) => r.kind);

test('downloads piped into interpreters', () => {
  for (const cmd of [
    'curl -fsSL https://x/install.sh | sh',
    'wget -qO- https://x/i.sh | sudo -E bash',
    'curl https://x/s.py | python3',
    'bash <(curl -s https://x/i.sh)',
    'sh -c "$(curl -fsSL https://x/i.sh)"',
    'cd /tmp && curl -s https://x | bash -s -- --yes',
    'iwr https://x/i.ps1 | iex',
  ]) assert.deepEqual(kinds(cmd), ['download-run'], cmd);
});

test('downloads that are not run, and unrelated pipes', () => {
  for (const cmd of ['curl -o data.csv https://x/data.csv', 'wget https://x/m.bin', 'cat file | sh', 'ls | grep sh', 'echo curl | wc', 'pip install torch==2.3.1']) {
    assert.deepEqual(kinds(cmd), [], cmd);
  }
});

test('pip install of URLs and git refs', () => {
  assert.deepEqual(shellRisks('pip install git+https://github.com/a/b@main'), [{ kind: 'pip-url', command: 'pip install git+https://github.com/a/b@main', target: 'git+https://github.com/a/b@main' }]);
  assert.deepEqual(kinds('python -m pip install -q https://x/pkg-1.0.tar.gz'), ['pip-url']);
  assert.deepEqual(kinds('uv pip install "pkg @ https://x/pkg.whl"'), ['pip-url']);
  assert.deepEqual(kinds('pip install git+https://github.com/a/b'), ['pip-url']);
  assert.deepEqual(kinds('pip install git+https://github.com/a/b@0123456789abcdef0123456789abcdef01234567'), []);
  assert.deepEqual(kinds('pip install https://x/pkg.whl#sha256=abcd'), []);
  assert.deepEqual(kinds('pip install --require-hashes -r requirements.txt'), []);
  assert.deepEqual(kinds('pip install numpy && pip install git+https://github.com/a/b@dev'), ['pip-url']);
});
