// A one-line progress indicator on stderr: only on a terminal, only once the scan has run for a
// while, redrawn in place with `\r` and erased at the end so it never mixes with the report.

export interface ProgressStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const DELAY_MS = 1000;
const REDRAW_MS = 150;
const ERASE = '\r\x1b[2K';

export class Progress {
  private files = 0;
  private current = '';
  private shown = false;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(private readonly stream: ProgressStream, enabled: boolean) {
    if (!enabled || stream.isTTY !== true) return;
    const start = setTimeout(() => {
      this.draw();
      const redraw = setInterval(() => this.draw(), REDRAW_MS);
      redraw.unref();
      this.timers.push(redraw);
    }, DELAY_MS);
    start.unref();
    this.timers.push(start);
  }

  update(files: number, current: string): void {
    this.files = files;
    this.current = current;
  }

  /** Prints a message line (on any stream) without tearing the progress line. */
  log(stream: ProgressStream, message: string): void {
    this.interleave(() => stream.write(message.endsWith('\n') ? message : `${message}\n`));
  }

  /** Runs an output write with the progress line erased, then redraws it. */
  interleave(write: () => void): void {
    if (!this.shown) {
      write();
      return;
    }
    this.stream.write(ERASE);
    write();
    this.draw();
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    if (this.shown) this.stream.write(ERASE);
    this.shown = false;
  }

  private draw(): void {
    const width = Math.max(20, (this.stream.columns ?? 80) - 1);
    let line = `Scanning: ${this.files} file${this.files === 1 ? '' : 's'} done  ${this.current}`;
    if (line.length > width) line = `${line.slice(0, width - 1)}…`;
    this.stream.write(`${ERASE}${line}`);
    this.shown = true;
  }
}
