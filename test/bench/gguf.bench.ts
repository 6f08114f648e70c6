// GGUF at 10 MB and 2 GB (tensor data left as holes in a sparse file): scan time and peak RSS in a
// child process. Only the header, metadata and tensor infos are read.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BenchResult } from './types';
import { flatScanBench } from './safetensors.bench';
import { str, u32, writeGguf } from '../fixtures/gguf/writer';
import { BENIGN_TEMPLATES } from '../fixtures/chatTemplate/templates';

const TENSORS = 64;

function writeSparseGguf(file: string, bytes: number): void {
  const per = Math.floor(bytes / TENSORS / 4 / 32) * 32; // F32 elements per tensor, 128-byte aligned sizes
  const vocab = Array.from({ length: 32_000 }, (_, i) => `tok${i}`);
  const header = writeGguf({
    kvs: [
      ['general.architecture', str('llama')], ['general.name', str('bench')], ['general.file_type', u32(0)],
      ['llama.context_length', u32(4096)], ['tokenizer.ggml.tokens', { type: 'array', of: 'string', values: vocab }],
      ['tokenizer.chat_template', str(BENIGN_TEMPLATES.llama2!)],
    ],
    tensors: Array.from({ length: TENSORS }, (_, i) => ({ name: `blk.${i}.weight`, dims: [per], type: 0 })),
    dataBytes: 0,
  });
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, header);
  fs.ftruncateSync(fd, header.length + per * 4 * TENSORS);
  fs.closeSync(fd);
}

export async function run(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msl-bench-gguf-'));
  try {
    return await flatScanBench('gguf', dir, 'model.gguf', writeSparseGguf);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
