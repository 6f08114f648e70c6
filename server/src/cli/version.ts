// The tool's name and version, read from the package manifest next to the bundle
// (out/cli/main.js) or next to the sources (server/src/cli/main.ts under tsx).
import * as fs from 'node:fs';
import * as path from 'node:path';

export const TOOL_NAME = 'Model Security Lint';
export const COMMAND_NAME = 'msl';
export const INFORMATION_URI = 'https://github.com/model-security-lint/model-security-lint';

let cached: string | undefined;

export function toolVersion(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'model-security-lint' && typeof manifest.version === 'string') return (cached = manifest.version);
    } catch {
      // not here: keep climbing
    }
    dir = path.dirname(dir);
  }
  return (cached = '0.0.0-unknown');
}
