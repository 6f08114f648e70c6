// The imports a stream resolves (deduplicated, with the calls made with them), and the
// internal stop signal of the machine.
import type { LimitName } from '../../limits';
import type { ImportOpcode, ImportRecord } from './types';
import { isObj, type PyCall, type PyGlobal } from './values';

/** Stops the current stream: malformed data (no limit) or a resource limit. */
export class Halt extends Error {
  constructor(readonly offset: number, message: string, readonly limit?: LimitName) {
    super(message);
  }
}

const MAX_CALLS_KEPT = 4;

export class ImportTable {
  private readonly byKey = new Map<string, ImportRecord>();
  private readonly globals = new Map<string, PyGlobal>();

  /** find_class(module, name): returns the symbolic object pushed on the stack. */
  resolve(module: string, name: string, offset: number, via: ImportOpcode): PyGlobal {
    const key = `${module}\u0000${name}`;
    const rec = this.byKey.get(key);
    if (rec) {
      rec.count++;
      return this.globals.get(key)!;
    }
    this.byKey.set(key, { module, name, offset, via, count: 1, calls: [], callCount: 0 });
    const g: PyGlobal = { t: 'global', module, name, key };
    this.globals.set(key, g);
    return g;
  }

  recordCall(c: PyCall): void {
    const fn = c.fn;
    if (!isObj(fn) || fn.t !== 'global') return;
    const rec = this.byKey.get(fn.key);
    if (!rec) return;
    rec.callCount++;
    if (rec.calls.length < MAX_CALLS_KEPT) rec.calls.push(c);
  }

  records(): ImportRecord[] {
    return [...this.byKey.values()];
  }
}
