// Runs `work` on up to `limit` items at once and yields the results in input order, so output
// stays deterministic while slow files overlap. At most `limit` results are held at a time.

export async function* mapOrdered<T, R>(
  source: AsyncIterable<T>,
  limit: number,
  work: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const it = source[Symbol.asyncIterator]();
  const inFlight: Promise<R>[] = [];
  let exhausted = false;
  while (true) {
    while (!exhausted && inFlight.length < limit) {
      const next = await it.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      const p = work(next.value);
      // Attach a handler now: a rejection that waits behind slower items is not "unhandled".
      p.catch(() => undefined);
      inFlight.push(p);
    }
    const head = inFlight.shift();
    if (!head) return;
    yield await head;
  }
}
