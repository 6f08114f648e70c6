// The parts of a TFLite model that matter for review, read with bounds checks (field numbers are
// facts of the TFLite schema): version, operator codes, subgraphs and their operators, buffers
// (located, never read), metadata. Every problem is recorded; reading continues where it can.
import type { ByteSource } from '../../io/byteSource';
import { builtinName, CUSTOM_CODE } from './builtinOps';
import { FbError, FlatReader, type Table } from './flatbuffer';

export interface OpCode {
  index: number;
  builtin: number;
  name: string;
  custom?: string;
  offset: number;
}

export interface TfliteProblem {
  kind: 'malformed' | 'out-of-range';
  message: string;
  offset: number;
}

export interface TfliteModel {
  version?: number;
  description?: string;
  opcodes: OpCode[];
  /** Uses of each operator code index across all subgraphs. */
  uses: Map<number, number>;
  subgraphs: { name?: string; operators: number; tensors: number }[];
  buffers: number;
  metadata: { name: string; buffer: number; value?: string }[];
  problems: TfliteProblem[];
  /** Set when a bound stopped the walk. */
  truncated?: string;
}

export interface ParseBounds {
  maxItems: number;
  timeUp: () => boolean;
}

const MAX_PROBLEMS = 100;
const MAX_METADATA_VALUE = 256;

export function parseTflite(src: ByteSource, bounds: ParseBounds): TfliteModel {
  const fb = new FlatReader(src);
  const m: TfliteModel = { opcodes: [], uses: new Map(), subgraphs: [], buffers: 0, metadata: [], problems: [] };
  const problem = (p: TfliteProblem): void => {
    if (m.problems.length < MAX_PROBLEMS) m.problems.push(p);
  };
  const guard = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof FbError)) throw e;
      problem({ kind: 'malformed', message: e.message, offset: e.offset });
      return undefined;
    }
  };
  const root = guard(() => fb.table(fb.deref(0, 'root table offset'), 'model'));
  if (!root) return m;
  m.version = guard(() => (fb.field(root, 0) === undefined ? undefined : fb.scalarU32(root, 0, 0)));
  m.description = guard(() => fb.string(root, 3, 'description'));
  guard(() => readOpcodes(fb, root, m, bounds));
  const bufferCount = guard(() => readBuffers(fb, root, m, bounds, problem)) ?? 0;
  m.buffers = bufferCount;
  guard(() => readSubgraphs(fb, root, m, bounds, bufferCount, problem, guard));
  guard(() => readMetadata(fb, root, m, bufferCount, problem));
  return m;
}

function budget(m: TfliteModel, bounds: ParseBounds, n: number, what: string): number {
  if (n > bounds.maxItems) {
    m.truncated = `${what}: ${n} entries, over the limit of ${bounds.maxItems}`;
    return bounds.maxItems;
  }
  return n;
}

function readOpcodes(fb: FlatReader, root: Table, m: TfliteModel, bounds: ParseBounds): void {
  const v = fb.vector(root, 1, 4, 'operator_codes');
  if (!v) return;
  for (let i = 0; i < budget(m, bounds, v.length, 'operator codes'); i++) {
    const t = fb.tableAt(v, i, `operator code ${i}`);
    const deprecated = fb.scalarU8(t, 0, 0);
    const builtin = Math.max(deprecated, fb.scalarI32(t, 3, 0));
    const custom = fb.string(t, 1, `custom code of operator code ${i}`);
    const op: OpCode = { index: i, builtin, name: builtin === CUSTOM_CODE && custom ? custom : builtinName(builtin), offset: t.pos };
    if (custom !== undefined) op.custom = custom;
    m.opcodes.push(op);
  }
}

function readBuffers(fb: FlatReader, root: Table, m: TfliteModel, bounds: ParseBounds, problem: (p: TfliteProblem) => void): number {
  const v = fb.vector(root, 4, 4, 'buffers');
  if (!v) return 0;
  const n = budget(m, bounds, v.length, 'buffers');
  for (let i = 0; i < n; i++) {
    if (i % 4096 === 0 && bounds.timeUp()) { m.truncated = 'wall time'; break; }
    try {
      const t = fb.tableAt(v, i, `buffer ${i}`);
      fb.vector(t, 0, 1, `data of buffer ${i}`); // bounds only: the weights are never read
      const offset = fb.scalarU64(t, 1);
      const size = fb.scalarU64(t, 2) ?? 0;
      // offset 0/1 are placeholders the converter writes for buffers without external data.
      if (offset !== undefined && offset > 1 && !(offset + size <= fb.size)) {
        problem({ kind: 'out-of-range', message: `buffer ${i} places ${size} bytes at offset ${offset}, outside the ${fb.size}-byte file`, offset: t.pos });
      }
    } catch (e) {
      if (!(e instanceof FbError)) throw e;
      problem({ kind: 'malformed', message: e.message, offset: e.offset });
    }
  }
  return v.length;
}

function readSubgraphs(
  fb: FlatReader, root: Table, m: TfliteModel, bounds: ParseBounds, bufferCount: number,
  problem: (p: TfliteProblem) => void, guard: <T>(f: () => T) => T | undefined,
): void {
  const v = fb.vector(root, 2, 4, 'subgraphs');
  if (!v) return;
  for (let s = 0; s < budget(m, bounds, v.length, 'subgraphs'); s++) {
    const g = guard(() => fb.tableAt(v, s, `subgraph ${s}`));
    if (!g) continue;
    const info: TfliteModel['subgraphs'][number] = { operators: 0, tensors: 0 };
    const name = guard(() => fb.string(g, 4, `name of subgraph ${s}`));
    if (name !== undefined) info.name = name;
    m.subgraphs.push(info);
    const tensors = guard(() => fb.vector(g, 0, 4, `tensors of subgraph ${s}`));
    if (tensors) {
      info.tensors = tensors.length;
      for (let i = 0; i < budget(m, bounds, tensors.length, 'tensors'); i++) {
        if (i % 4096 === 0 && bounds.timeUp()) { m.truncated = 'wall time'; return; }
        guard(() => {
          const t = fb.tableAt(tensors, i, `tensor ${i} of subgraph ${s}`);
          const buffer = fb.scalarU32(t, 2, 0);
          if (buffer >= bufferCount && buffer !== 0) {
            problem({ kind: 'out-of-range', message: `tensor ${i} of subgraph ${s} uses buffer ${buffer}, but the model has ${bufferCount} buffers`, offset: t.pos });
          }
        });
      }
    }
    const ops = guard(() => fb.vector(g, 3, 4, `operators of subgraph ${s}`));
    if (!ops) continue;
    info.operators = ops.length;
    for (let i = 0; i < budget(m, bounds, ops.length, 'operators'); i++) {
      if (i % 4096 === 0 && bounds.timeUp()) { m.truncated = 'wall time'; return; }
      guard(() => {
        const t = fb.tableAt(ops, i, `operator ${i} of subgraph ${s}`);
        const code = fb.scalarU32(t, 0, 0);
        if (code >= m.opcodes.length) {
          problem({ kind: 'out-of-range', message: `operator ${i} of subgraph ${s} uses operator code ${code}, but the model has ${m.opcodes.length}`, offset: t.pos });
          return;
        }
        m.uses.set(code, (m.uses.get(code) ?? 0) + 1);
        fb.vector(t, 5, 1, `custom options of operator ${i}`);
      });
    }
  }
}

function readMetadata(fb: FlatReader, root: Table, m: TfliteModel, bufferCount: number, problem: (p: TfliteProblem) => void): void {
  const v = fb.vector(root, 6, 4, 'metadata');
  if (!v) return;
  const buffers = fb.vector(root, 4, 4, 'buffers');
  for (let i = 0; i < Math.min(v.length, 1000); i++) {
    const t = fb.tableAt(v, i, `metadata ${i}`);
    const name = fb.string(t, 0, `name of metadata ${i}`) ?? '';
    const buffer = fb.scalarU32(t, 1, 0);
    const entry: TfliteModel['metadata'][number] = { name, buffer };
    if (buffer >= bufferCount) {
      problem({ kind: 'out-of-range', message: `metadata ${JSON.stringify(name)} names buffer ${buffer}, but the model has ${bufferCount} buffers`, offset: t.pos });
    } else if (buffers) {
      const data = fb.vector(fb.tableAt(buffers, buffer, `buffer ${buffer}`), 0, 1, `data of buffer ${buffer}`);
      if (data && data.length <= MAX_METADATA_VALUE && name === 'min_runtime_version') {
        entry.value = Buffer.from(fb.src().read(data.start, data.length)).toString('latin1').replace(/\0+$/, '');
      }
    }
    m.metadata.push(entry);
  }
}
