// Saves a diverging case as a regression fixture: NAME.pkl (the bytes), NAME.min.pkl (shrunk,
// when it differs) and NAME.json (what CPython resolved, what we reported, how to reproduce).
// The oracle test runs every file of test/fixtures/oracle-divergences as a case.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hex, reportedBy } from './compare';
import { divergenceClasses, opcodeNames } from './classify';
import { shrinkCase } from './shrink';
import type { CaseOutcome } from './runner';

export interface SaveOptions {
  dir: string;
  name: string;
  shrink: boolean;
  reproduce?: string;
  note?: string;
}

/** Writes the fixture files; returns the hex of the smallest diverging bytes. */
export async function saveDivergence(o: CaseOutcome, opts: SaveOptions): Promise<string> {
  fs.mkdirSync(opts.dir, { recursive: true });
  const base = path.join(opts.dir, opts.name);
  const shrunk = opts.shrink ? await shrinkCase(o.case.bytes, o.divergences) : undefined;
  const minimal = shrunk && shrunk.length < o.case.bytes.length ? shrunk : undefined;
  fs.writeFileSync(`${base}.pkl`, o.case.bytes);
  if (minimal) fs.writeFileSync(`${base}.min.pkl`, minimal);
  const ours = reportedBy(o.scan);
  const sidecar = {
    id: o.case.id,
    kind: o.case.kind,
    note: opts.note,
    classes: divergenceClasses(o),
    hex: hex(o.case.bytes),
    opcodes: opcodeNames(o.case.bytes),
    minimalHex: minimal ? hex(minimal) : undefined,
    missing: o.divergences,
    cpython: o.oracle.runs,
    ours: { format: o.scan.format, imports: ours.imports, rules: [...ours.rules] },
    reproduce: opts.reproduce,
  };
  fs.writeFileSync(`${base}.json`, JSON.stringify(sidecar, null, 2) + '\n');
  return hex(minimal ?? o.case.bytes);
}
