// `msl disasm FILE`: the pickle disassembly of a model file, dangerous lines highlighted.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { disassembleModelFile } from '../core/disasm';
import { parseArgs, UsageError } from './args';
import { EXIT_ERROR } from './exitCode';
import { wantColor, type CliIO } from './io';
import { createStyle } from './style';
import { DISASM_USAGE } from './usage';

export async function runDisasm(argv: readonly string[], io: CliIO): Promise<number> {
  const p = parseArgs(argv, [{ name: 'color' }, { name: 'no-color' }, { name: 'help', short: 'h' }], 'msl disasm');
  if (p.flags.has('help')) {
    io.stdout.write(DISASM_USAGE);
    return 0;
  }
  if (p.positionals.length !== 1) throw new UsageError("msl disasm: give exactly one FILE. Run 'msl disasm --help' for usage.");
  const file = p.positionals[0]!;
  const choice = p.flags.has('color') ? true : p.flags.has('no-color') ? false : undefined;
  const style = createStyle(wantColor(choice, io.stdout, io.env));
  const absolute = path.resolve(io.cwd, file);
  const problem = notAFile(absolute);
  if (problem) {
    io.stderr.write(`msl: cannot disassemble ${file}: ${problem}\n`);
    return EXIT_ERROR;
  }
  const d = await disassembleModelFile(absolute);
  if (d.error !== undefined && d.streams.length === 0) {
    io.stderr.write(`msl: cannot disassemble ${file}: ${d.error}\n`);
    return EXIT_ERROR;
  }
  if (d.streams.length === 0) {
    io.stderr.write(`msl: ${file} (${d.format}) holds no pickle stream\n`);
    return 0;
  }
  for (const s of d.streams) {
    const where = s.members.length > 0 ? s.members.join(' > ') : file;
    io.stdout.write(`${style.bold(`# ${where} @ 0x${s.offset.toString(16)}`)}\n`);
    const dangerous = new Set(s.dangerousLines);
    s.text.split('\n').forEach((line, i) => io.stdout.write(`${dangerous.has(i) ? style.danger(line) : line}\n`));
    io.stdout.write('\n');
  }
  if (d.error !== undefined) io.stderr.write(`msl: ${file}: ${d.error}\n`);
  return 0;
}

function notAFile(p: string): string | undefined {
  try {
    return fs.statSync(p).isFile() ? undefined : 'not a regular file';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
  }
}
