// The `msl` command line: `bin/msl.js` calls `main` with the arguments and exits with its result.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { closest, UsageError } from './args';
import { runDisasm } from './disasmCommand';
import { runLock } from './lockCommand';
import { runVerify } from './verifyCommand';
import { runBaseline } from './baselineCommand';
import { runBom } from './bomCommand';
import { EXIT_ERROR } from './exitCode';
import { processIO, type CliIO } from './io';
import { runRules } from './rulesCommand';
import { runProbe } from './probeCommand';
import { parseScanArgs } from './scanArgs';
import { runScan } from './scanCommand';
import { MAIN_USAGE, SCAN_USAGE, USAGE_BY_COMMAND } from './usage';
import { toolVersion } from './version';

const COMMANDS = ['scan', 'disasm', 'probe', 'rules', 'lock', 'verify', 'baseline', 'bom', 'help'];

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`${e.message}\n`);
      return EXIT_ERROR;
    }
    throw e;
  }
}

async function dispatch(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      io.stderr.write(MAIN_USAGE);
      return EXIT_ERROR;
    case '-h':
    case '--help':
      io.stdout.write(MAIN_USAGE);
      return 0;
    case '-V':
    case '--version':
      io.stdout.write(`msl ${toolVersion()}\n`);
      return 0;
    case 'help':
      return help(rest, io);
    case 'scan': {
      const args = parseScanArgs(rest);
      if (args.help) {
        io.stdout.write(SCAN_USAGE);
        return 0;
      }
      return runScan(args, argv, io);
    }
    case 'disasm':
      return runDisasm(rest, io);
    case 'rules':
      return runRules(rest, io);
    case 'lock':
      return runLock(rest, io);
    case 'verify':
      return runVerify(rest, io);
    case 'baseline':
      return runBaseline(rest, io);
    case 'bom':
      return runBom(rest, io);
    case 'probe':
      return runProbe(rest, io);
    default:
      throw new UsageError(unknownCommand(command, io.cwd));
  }
}

function help(rest: string[], io: CliIO): number {
  const topic = rest[0];
  if (topic === undefined) {
    io.stdout.write(MAIN_USAGE);
    return 0;
  }
  const text = USAGE_BY_COMMAND[topic];
  if (!text) throw new UsageError(`msl help: no such command '${topic}' (commands: ${COMMANDS.join(', ')})`);
  io.stdout.write(text);
  return 0;
}

function unknownCommand(command: string, cwd: string): string {
  if (command.startsWith('-')) return `msl: unknown option '${command}'. Run 'msl --help' for usage.`;
  if (fs.existsSync(path.resolve(cwd, command))) return `msl: unknown command '${command}'. To scan it: msl scan ${command}`;
  const guess = closest(command, COMMANDS);
  return `msl: unknown command '${command}'.${guess ? ` Did you mean '${guess}'?` : ''} Run 'msl --help' for usage.`;
}
