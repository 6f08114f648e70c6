// Which files a project's signature checks read, and which entries read each one.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadProvenanceProject, signatureFiles } from '../../../server/src/core/provenance/index';
import { REV, tempProject } from './helpers';

const entry = (p: string, signature?: object) => ({ path: p, size: 1, sha256: 'a'.repeat(64), format: 'pickle', source: { hub: 'org/m', revision: REV }, ...(signature ? { signature } : {}) });

describe('signatureFiles', () => {
  it('maps bundles, entry keys, the project key and the trusted root to the entries that read them', () => {
    const p = tempProject();
    try {
      p.write('msl.lock.json', JSON.stringify({
        version: 1,
        models: [
          entry('m/a.pkl', { bundle: 'm/model.sig' }),
          entry('m/b.pkl', { bundle: 'm/model.sig', publicKey: 'keys/b.pem' }),
          entry('m/c.pkl'),
        ],
      }));
      const project = loadProvenanceProject(p.root, { publicKey: 'keys/project.pem', trustedRoot: '../trust/root.json' })!;
      const files = Object.fromEntries([...signatureFiles(project)].map(([abs, entries]) => [path.relative(p.root, abs).split(path.sep).join('/'), [...entries].sort()]));
      assert.deepEqual(files, {
        'm/model.sig': ['m/a.pkl', 'm/b.pkl'],
        'keys/project.pem': ['m/a.pkl'],
        'keys/b.pem': ['m/b.pkl'],
        '../trust/root.json': ['m/a.pkl', 'm/b.pkl'],
      });
    } finally {
      p.cleanup();
    }
  });

  it('is empty when no entry is signed, whatever the config names', () => {
    const p = tempProject();
    try {
      p.write('msl.lock.json', JSON.stringify({ version: 1, models: [entry('m/c.pkl')] }));
      assert.equal(signatureFiles(loadProvenanceProject(p.root, { publicKey: 'k.pem', requireSignatures: true })!).size, 0);
    } finally {
      p.cleanup();
    }
  });
});
