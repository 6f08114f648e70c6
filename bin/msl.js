#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled to out/cli/main.js by `npm run build` (run by `npm ci` via `prepare`).
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', 'out', 'cli', 'main.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write('msl: the CLI is not built yet; run `npm run build` in ' + path.join(__dirname, '..') + '\n');
  process.exit(2);
}
require(bundle).main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write('msl: internal error: ' + (err && err.stack || err) + '\n'); process.exitCode = 2; },
);
