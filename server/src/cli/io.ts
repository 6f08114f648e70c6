// What the CLI talks to: two output streams, the environment and the working directory.
// Injectable so the commands can be driven in-process as well as from bin/msl.js.

export interface OutStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface CliIO {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
  cwd: string;
}

export function processIO(): CliIO {
  // `msl scan … | head`: the reader left; stop quietly like other command-line tools.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** Colour on when forced, off when asked or NO_COLOR is set, else only on a terminal. */
export function wantColor(choice: boolean | undefined, stream: { readonly isTTY?: boolean }, env: CliIO['env']): boolean {
  if (choice !== undefined) return choice;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true;
}
