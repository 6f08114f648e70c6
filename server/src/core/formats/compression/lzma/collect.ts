// Runs a chunked decoder into memory: the whole-buffer convenience the tests and benchmarks use.
// The scanner itself always streams through `decompressSliced` with its limits.

export type ChunkCollector = (chunk: Uint8Array) => boolean;

/** The decoder's outcome plus every byte it wrote; generator decoders are drained to their end. */
export function collectDecoded<R extends object>(run: (sink: ChunkCollector) => R | Generator<unknown, R>): R & { data: Uint8Array } {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const started = run((c) => {
    chunks.push(c);
    total += c.length;
    return true;
  });
  let outcome: R;
  if (isGenerator(started)) {
    let step = started.next();
    while (!step.done) step = started.next();
    outcome = step.value;
  } else {
    outcome = started;
  }
  return { ...outcome, data: Buffer.concat(chunks, total) };
}

function isGenerator<R>(v: R | Generator<unknown, R>): v is Generator<unknown, R> {
  return typeof (v as { next?: unknown }).next === 'function' && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}
