// Signature bundles, public keys and msl.config.json's provenance policy changing under a running
// server, the way VS Code reports them (files written on disk, then `didChangeWatchedFiles`): the
// server watches exactly the files the manifest and config name, and the signed entries' MSL81x
// diagnostics and report section follow without reopening or rescanning anything else.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Registration } from 'vscode-languageserver-protocol';
import { ScanFileRequest } from '../../server/src/protocol';
import { ReportRequest } from '../../server/src/protocol/report';
import { ecKey, keyBundle, sha256, statement } from '../unit/provenance/signing';
import { TestClient } from './helpers/lspClient';
import { benignPickle, maliciousPickle } from './helpers/pickles';
import { makeWorkspace, removeWorkspace, writeFile } from './helpers/workspace';

const REV = '0123456789abcdef0123456789abcdef01234567';
const CREATED = 1;
const CHANGED = 2;
const DELETED = 3;
const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code)).sort();
const text = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : (d.message as { value: string }).value);
/** Whole seconds, so that restoring it gives the very same mtimeMs. */
const FIXED_MTIME = 1_700_000_000;

/** A harmless pickle (one string) exactly as long as `other`. */
function sameSizeBenign(other: Buffer): Buffer {
  const n = other.length - 8;
  const len = Buffer.alloc(4);
  len.writeUInt32LE(n);
  return Buffer.concat([Buffer.from('\x80\x02X', 'latin1'), len, Buffer.from('a'.repeat(n)), Buffer.from('.')]);
}

type GlobPattern = string | { baseUri: string; pattern: string };

function watchedPatterns(registrations: readonly Registration[]): GlobPattern[] {
  const last = registrations.filter((r) => r.method === 'workspace/didChangeWatchedFiles').at(-1);
  return last ? (last.registerOptions as { watchers: { globPattern: GlobPattern }[] }).watchers.map((w) => w.globPattern) : [];
}

describe('language server: signature bundles, keys and the provenance policy are watched', () => {
  const evil = maliciousPickle('id');
  const model = sameSizeBenign(evil);
  const unsigned = benignPickle();
  const key = ecKey();
  const otherKey = ecKey();
  const entry = (p: string, bytes: Buffer, signature?: object) => ({
    path: p, size: bytes.length, sha256: sha256(bytes), format: 'pickle', source: { hub: 'org/model', revision: REV }, ...(signature ? { signature } : {}),
  });
  const goodBundle = keyBundle(key, statement([{ name: 'a.pkl', sha256: sha256(model) }]));
  const config = (provenance: object) => JSON.stringify({ provenance });

  let root: string;
  let client: TestClient;

  const diagnosticsAfter = (rel: string, seq: number, accept: (ds: Diagnostic[]) => boolean) =>
    client.waitForDiagnostics(client.uri(rel), accept, seq).then((e) => e.diagnostics);
  const report = (rel: string) => client.connection.sendRequest(ReportRequest, { uri: client.uri(rel) });

  /** Writes (or deletes, with `undefined`) a file and sends the event VS Code's watcher would send. */
  async function touch(rel: string, content: string | undefined, type: 1 | 2 | 3): Promise<number> {
    const seq = client.seq;
    if (content === undefined) fs.rmSync(path.join(root, rel));
    else writeFile(root, rel, content);
    await client.fileEvents([{ uri: client.uri(rel), type }]);
    return seq;
  }

  /** Once an explicit scan of `rel` is done, every refresh queued before it has been published. */
  const drain = (rel: string) => client.connection.sendRequest(ScanFileRequest, { uri: client.uri(rel) });

  before(async () => {
    root = makeWorkspace({
      'models/a.pkl': model,
      'models/u.pkl': unsigned,
      'keys/pub.pem': key.publicKeyPem,
      'keys/second.pem': key.publicKeyPem,
      'msl.config.json': config({ publicKey: 'keys/pub.pem' }),
      'msl.lock.json': JSON.stringify({ version: 1, models: [entry('models/a.pkl', model, { bundle: 'models/a.sig' }), entry('models/u.pkl', unsigned)] }, null, 2),
    });
    fs.utimesSync(path.join(root, 'models/a.pkl'), FIXED_MTIME, FIXED_MTIME);
    client = await TestClient.start({ root });
    for (const rel of ['models/a.pkl', 'models/u.pkl']) await client.waitForDiagnostics(client.uri(rel));
  });

  after(() => {
    client?.kill();
    if (root) removeWorkspace(root);
  });

  it('registers a watcher for the bundle and the configured key, next to the usual ones', async () => {
    const rootUri = client.uri('').replace(/\/$/, '');
    const patterns = await client.waitFor(() => {
      const p = watchedPatterns(client.registrations);
      return p.length > 0 && p;
    }, 'watchers');
    assert.deepEqual(patterns.slice(-2), [{ baseUri: rootUri, pattern: 'keys/pub.pem' }, { baseUri: rootUri, pattern: 'models/a.sig' }]);
    assert.ok(patterns.some((p) => typeof p !== 'string' && p.pattern === 'msl.lock.json'));
    assert.equal(patterns.some((p) => typeof p !== 'string' && p.pattern.includes('**/*') && !p.pattern.includes('.')), false, 'no catch-all watcher');
  });

  it('starts with MSL814: the bundle the entry names does not exist yet', () => {
    const ds = client.latest(client.uri('models/a.pkl'))!.diagnostics;
    assert.deepEqual(codes(ds), ['MSL814']);
    assert.match(text(ds[0]!), /signature bundle models\/a\.sig of models\/a\.pkl cannot be read: no such file/);
  });

  it('a valid bundle dropped in clears MSL814 without a rescan of the unsigned model', async () => {
    const seq = await touch('models/a.sig', goodBundle, CREATED);
    assert.deepEqual(codes(await diagnosticsAfter('models/a.pkl', seq, () => true)), []);
    await drain('models/a.pkl');
    assert.equal(client.publishCount(client.uri('models/u.pkl'), seq), 0, 'u.pkl reads no signature file');
    assert.deepEqual((await report('models/a.pkl')).provenance!.signature, {
      status: 'verified', bundle: 'models/a.sig', signer: 'the configured public key', publicKey: 'keys/pub.pem',
    });
  });

  it('a bundle swapped for one signing another digest gives MSL811, in the Problems panel and the report', async () => {
    const forged = keyBundle(key, statement([{ name: 'a.pkl', sha256: 'f'.repeat(64) }]));
    const seq = await touch('models/a.sig', forged, CHANGED);
    const ds = await diagnosticsAfter('models/a.pkl', seq, () => true);
    assert.deepEqual(codes(ds), ['MSL811']);
    assert.match(text(ds[0]!), new RegExp(`signed sha256 ${'f'.repeat(64)}, file sha256 ${sha256(model)}`));
    const r = await report('models/a.pkl');
    assert.deepEqual(r.provenance!.signature, {
      status: 'invalid', bundle: 'models/a.sig', signer: 'the configured public key', reason: `the signed sha256 is ${'f'.repeat(64)}, the file's is ${sha256(model)}`,
    });
    assert.deepEqual(r.findings.map((f) => f.ruleId).filter((id) => id.startsWith('MSL8')), ['MSL811']);
    // Back to the good bundle.
    const back = await touch('models/a.sig', goodBundle, CHANGED);
    assert.deepEqual(codes(await diagnosticsAfter('models/a.pkl', back, () => true)), []);
  });

  it('another key written to the configured key file gives MSL810', async () => {
    const seq = await touch('keys/pub.pem', otherKey.publicKeyPem, CHANGED);
    assert.deepEqual(codes(await diagnosticsAfter('models/a.pkl', seq, () => true)), ['MSL810']);
    assert.equal((await report('models/a.pkl')).provenance!.signature.status, 'invalid');
  });

  it('pointing provenance.publicKey at another file re-registers the watchers and re-checks the signature', async () => {
    const registered = client.registrations.length;
    const seq = await touch('msl.config.json', config({ publicKey: 'keys/second.pem' }), CHANGED);
    assert.deepEqual(codes(await diagnosticsAfter('models/a.pkl', seq, () => true)), []);
    const patterns = await client.waitFor(() => {
      const p = watchedPatterns(client.registrations.slice(registered));
      return p.length > 0 && p;
    }, 're-registered watchers');
    const names = patterns.map((p) => (typeof p === 'string' ? p : p.pattern));
    assert.ok(names.includes('keys/second.pem') && names.includes('models/a.sig'), names.join(', '));
    assert.equal(names.includes('keys/pub.pem'), false);
    assert.deepEqual((await report('models/a.pkl')).provenance!.signature, {
      status: 'verified', bundle: 'models/a.sig', signer: 'the configured public key', publicKey: 'keys/second.pem',
    });
  });

  it('provenance.requireSignatures turned on gives the unsigned model MSL813 without reopening it', async () => {
    const seq = await touch('msl.config.json', config({ publicKey: 'keys/second.pem', requireSignatures: true }), CHANGED);
    const ds = await diagnosticsAfter('models/u.pkl', seq, (d) => d.some((x) => x.code === 'MSL813'));
    assert.deepEqual(codes(ds).filter((c) => c.startsWith('MSL8')), ['MSL813']);
    assert.deepEqual((await report('models/u.pkl')).provenance!.signature, { status: 'unsigned', required: true });
    const off = await touch('msl.config.json', config({ publicKey: 'keys/second.pem' }), CHANGED);
    const cleared = await diagnosticsAfter('models/u.pkl', off, (d) => !d.some((x) => x.code === 'MSL813'));
    assert.deepEqual(codes(cleared).filter((c) => c.startsWith('MSL8')), []);
    assert.deepEqual((await report('models/u.pkl')).provenance!.signature, { status: 'unsigned', required: false });
  });

  it('a deleted bundle gives MSL814 again; the model itself is not re-read by the engine', async () => {
    // a.pkl is swapped for a malicious pickle of the same size and mtime, without an event: a
    // signature-only refresh must reuse the engine's findings (no MSL601), and the hash cache's
    // digest (no MSL803).
    const file = path.join(root, 'models/a.pkl');
    fs.writeFileSync(file, evil);
    fs.utimesSync(file, FIXED_MTIME, FIXED_MTIME);
    const seq = await touch('models/a.sig', undefined, DELETED);
    assert.deepEqual(codes(await diagnosticsAfter('models/a.pkl', seq, (d) => d.length > 0)), ['MSL814']);
    fs.writeFileSync(file, model);
    fs.utimesSync(file, FIXED_MTIME, FIXED_MTIME);
  });
});

describe('language server: signature files outside the workspace folder', () => {
  let root: string;
  let outside: string;
  let client: TestClient;

  before(async () => {
    outside = makeWorkspace({ 'release.pem': ecKey().publicKeyPem });
    const model = benignPickle();
    root = makeWorkspace({
      'm.pkl': model,
      'msl.config.json': JSON.stringify({ provenance: { publicKey: path.join(outside, 'release.pem') } }),
      'msl.lock.json': JSON.stringify({ version: 1, models: [{ path: 'm.pkl', size: model.length, sha256: sha256(model), format: 'pickle', source: { hub: 'org/m', revision: REV }, signature: { bundle: 'sigs/[v1].sig' } }] }),
    });
    client = await TestClient.start({ root });
  });

  after(() => {
    client?.kill();
    if (root) removeWorkspace(root);
    if (outside) removeWorkspace(outside);
  });

  it('watches a key outside the folder relative to its own directory, and escapes glob characters', async () => {
    const patterns = await client.waitFor(() => {
      const p = watchedPatterns(client.registrations);
      return p.length > 0 && p;
    }, 'watchers');
    const byJson = (ps: GlobPattern[]) => ps.map((p) => JSON.stringify(p)).sort();
    assert.deepEqual(byJson(patterns.slice(-2)), byJson([
      { baseUri: client.uri('').replace(/\/$/, ''), pattern: 'sigs/?v1?.sig' },
      { baseUri: pathToFileURL(outside).href, pattern: 'release.pem' },
    ]));
  });
});
