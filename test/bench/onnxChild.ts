// Child side of the ONNX benchmark: scan one file, print time, peak RSS, bytes read and findings.
import * as path from 'node:path';
import { FileByteSource } from '../../server/src/core/io/byteSource';
import { scanSource } from '../../server/src/core/scan';

async function main(): Promise<void> {
  const file = process.argv[2]!;
  const started = performance.now();
  const src = FileByteSource.open(file);
  const r = await scanSource(src, path.basename(file), {}, file);
  const ms = performance.now() - started;
  src.close();
  process.stdout.write(JSON.stringify({
    ms,
    maxRssKb: process.resourceUsage().maxRSS,
    bytesRead: src.bytesRead,
    format: r.format,
    tensors: r.summary.tensors?.length ?? 0,
    findings: r.findings.map((f) => `${f.ruleId}:${f.severity}`),
  }));
}

void main();
