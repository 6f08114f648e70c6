// Temporary project folders for provenance tests.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';

export function tempProject(): { root: string; write(rel: string, data: string | Uint8Array): string; cleanup(): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-prov-'));
  return {
    root,
    write(rel, data) {
      const abs = path.join(root, ...rel.split('/'));
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, data);
      return abs;
    },
    cleanup: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A minimal valid safetensors file (one F32 tensor of `n` zeros). */
export function safetensors(n = 2): Buffer {
  const header = Buffer.from(JSON.stringify({ w: { dtype: 'F32', shape: [n], data_offsets: [0, 4 * n] } }));
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([len, header, Buffer.alloc(4 * n)]);
}

export const REV = '0123456789abcdef0123456789abcdef01234567';
