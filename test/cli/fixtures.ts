// Fixture files for the CLI tests, written by our own code into temp folders: pickles byte by
// byte, and a minimal stored zip laid out like `torch.save` output.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const ascii = (s: string) => Buffer.from(s, 'latin1');

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

function binunicode(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  return Buffer.concat([ascii('X'), u32(bytes.length), bytes]);
}

/** Protocol 0: `os.system('echo pwned')` through GLOBAL + REDUCE. */
export const MALICIOUS_PICKLE_P0 = ascii("cos\nsystem\n(S'echo pwned'\ntR.");

/** Protocol 2: the same call with a PROTO header, BINUNICODE argument and TUPLE1. */
export const MALICIOUS_PICKLE_P2 = Buffer.concat([
  Buffer.from([0x80, 0x02]),
  ascii('cposix\nsystem\n'),
  binunicode('echo pwned'),
  ascii('\x85R.'),
]);

/** Protocol 2: a dict {'a': 1}. No imports at all. */
export const BENIGN_PICKLE = Buffer.concat([Buffer.from([0x80, 0x02]), ascii('}q\x00'), binunicode('a'), ascii('K\x01s.')]);

/**
 * `torch.save({'weight': tensor of 4 floats})` shape: an OrderedDict whose value is rebuilt by
 * `torch._utils._rebuild_tensor_v2` from persistent storage id ('storage', FloatStorage, '0', 'cpu', 4).
 */
export const TORCH_STATE_DICT_PICKLE = Buffer.concat([
  Buffer.from([0x80, 0x02]),
  ascii('ccollections\nOrderedDict\nq\x00)Rq\x01'),
  binunicode('weight'),
  ascii('ctorch._utils\n_rebuild_tensor_v2\nq\x02(('),
  binunicode('storage'),
  ascii('ctorch\nFloatStorage\nq\x03'),
  binunicode('0'),
  binunicode('cpu'),
  ascii('K\x04tQK\x00K\x04\x85K\x01\x85\x89ccollections\nOrderedDict\n)RtRs.'),
]);

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/** A zip with every entry stored (method 0), as PyTorch writes them. */
export function storedZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const crc = zlib.crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(e.data));
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A benign `torch.save`-style checkpoint: archive/data.pkl + version + byteorder + one storage. */
export function benignTorchZip(dataPkl: Uint8Array = TORCH_STATE_DICT_PICKLE): Buffer {
  return storedZip([
    { name: 'archive/data.pkl', data: dataPkl },
    { name: 'archive/byteorder', data: ascii('little') },
    { name: 'archive/data/0', data: new Uint8Array(16) },
    { name: 'archive/version', data: ascii('3\n') },
  ]);
}

export const UNSAFE_SCRIPT = 'import torch\n\np = "model.pt"\nmodel = torch.load(p)\n';

export function tempDir(prefix = 'msl-cli-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeFiles(dir: string, files: Record<string, Uint8Array | string>): void {
  for (const [name, content] of Object.entries(files)) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
}

/** The "Done when" folder of issue 2: a malicious pickle, a benign checkpoint and a script. */
export function doneWhenFolder(): string {
  const dir = tempDir();
  writeFiles(dir, {
    'evil.pkl': MALICIOUS_PICKLE_P0,
    'model.pt': benignTorchZip(),
    'train.py': UNSAFE_SCRIPT,
  });
  return dir;
}

/** A four-byte safetensors file (one U8 tensor filled with `fill`): two fills, two digests. */
export function safetensors(fill: number): Buffer {
  const header = Buffer.from(JSON.stringify({ w: { dtype: 'U8', shape: [4], data_offsets: [0, 4] } }));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([len, header, Buffer.alloc(4, fill)]);
}
