// Child side of the Keras benchmark: scan one file, print timing, RSS, bytes read and findings.
import { scanFile } from '../../server/src/core/scan';

async function main(): Promise<void> {
  const file = process.argv[2]!;
  const started = performance.now();
  const r = await scanFile(file);
  const ms = performance.now() - started;
  process.stdout.write(JSON.stringify({
    ms,
    maxRssKb: process.resourceUsage().maxRSS,
    format: r.format,
    bytesRead: r.summary.facts?.hdf5BytesRead ?? -1,
    findings: r.findings.map((f) => `${f.ruleId}:${f.severity}`),
  }));
}

void main();
