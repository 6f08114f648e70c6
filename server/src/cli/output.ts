// Where the report goes. stdout is written as the scan goes; `--output FILE` is written once at
// the end, and never over a file that was scanned (a report must not replace the evidence).
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ReportSink {
  write(chunk: string): void;
  /** Absolute path of the report file, when there is one. */
  readonly file?: string;
  /** Writes the buffered report; returns an error message on failure. */
  close(): string | undefined;
}

export function stdoutSink(write: (chunk: string) => void): ReportSink {
  return { write, close: () => undefined };
}

export function fileSink(file: string): ReportSink {
  const chunks: string[] = [];
  return {
    file,
    write: (chunk) => void chunks.push(chunk),
    close() {
      try {
        fs.writeFileSync(file, chunks.join(''));
        return undefined;
      } catch (e) {
        return `cannot write the report to ${file}: ${(e as Error).message}`;
      }
    },
  };
}

/** Identity of a path for "is this the same file" checks (symlinks resolved where possible). */
export function fileIdentity(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** Problems with `--output FILE` that are known before scanning. */
export function checkOutputTarget(outputAbs: string, inputsAbs: readonly string[]): string | undefined {
  try {
    if (fs.statSync(outputAbs).isDirectory()) return `--output ${outputAbs} is a folder; give a file name`;
  } catch {
    // Does not exist yet: fine.
  }
  const target = fileIdentity(outputAbs);
  if (inputsAbs.some((p) => fileIdentity(p) === target)) {
    return `refusing to write the report to ${outputAbs}: it is one of the files being scanned`;
  }
  return undefined;
}
