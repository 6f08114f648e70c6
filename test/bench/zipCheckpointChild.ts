// Child side of the 2 GB checkpoint benchmark: scan one file, print timing, RSS and findings.
import { scanFile } from '../../server/src/core/scan';

async function main(): Promise<void> {
  const file = process.argv[2]!;
  const started = performance.now();
  const r = await scanFile(file);
  const ms = performance.now() - started;
  process.stdout.write(
    JSON.stringify({
      ms,
      maxRssKb: process.resourceUsage().maxRSS,
      format: r.format,
      members: r.summary.members?.length ?? 0,
      findings: r.findings.map((f) => `${f.ruleId}:${f.severity}`),
    }),
  );
}

void main();
