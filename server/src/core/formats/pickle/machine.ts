// The symbolic pickle machine: executes every opcode of protocols 0-5 over symbolic values with
// CPython's semantics, importing and calling nothing. Where CPython's C unpickler and its
// pure-Python unpickler disagree (frames, unterminated lines, INST without MARK), it follows the
// more permissive one, so every import either would resolve is seen. It stops only where both fail.
import type { ByteSource } from '../../io/byteSource';
import type { MachineOptions } from './options';
import { OPCODE_PROTO, opcodeName } from './opcodes';
import { decodeLong, floatValue, intValue, py2String } from './reader';
import { FramedReader } from './frames';
import { Halt, ImportTable } from './imports';
import * as text from './text';
import { joblibArrayLayout, isJoblibWrapperClass } from './joblib';
import { nestedPayload } from './nested';
import type { MachineResult } from './types';
import { dictFrom, dictSet, isConstantNonStr, isObj, seq, seqAdd, type CallKind, type PyCall, type PyValue } from './values';
import { describe } from './describe';

export type { MachineOptions } from './options';

const EMPTY_TUPLE: PyValue = Object.freeze({ t: 'tuple', items: [], len: 0 }) as PyValue;
const POLL_MASK = 0xfffff;

export function runPickle(src: ByteSource, start: number, options: MachineOptions): MachineResult {
  return new Machine(src, start, options).run();
}

class Machine extends FramedReader {
  private readonly stack: PyValue[] = [];
  private readonly marks: number[] = [];
  private fence = 0;
  private readonly memo = new Map<number | string, PyValue>();
  private readonly imports = new ImportTable();
  private readonly children: MachineResult[] = [];
  private opcodes = 0;
  private persistentIds = 0;
  private value: PyValue | undefined;
  private complete = false;
  private readonly stackLimit: number;

  constructor(private readonly src: ByteSource, start: number, opts: MachineOptions) {
    super(src, start, opts);
    this.stackLimit = opts.limits.maxPickleStack;
  }

  run(): MachineResult {
    let error: MachineResult['error'];
    let limit: MachineResult['limit'];
    try {
      this.loop();
    } catch (e) {
      if (!(e instanceof Halt)) throw e;
      if (e.limit) limit = { name: e.limit, offset: e.offset, detail: e.message };
      else error = { offset: e.offset, message: e.message };
    }
    // After STOP the C file reader's next load starts after its read-ahead frame (so does the
    // pure-Python reader's); pickle.load over a peekable file starts right after STOP.
    const stopAt = Math.min(this.w.offset, this.w.limit);
    const result: MachineResult = {
      start: this.start,
      end: this.complete && this.cfEnd > stopAt ? this.cfEnd : stopAt,
      frameDivergence: this.frameDivergence || (this.frameSizes.size > 0 && !this.complete),
      frameSizes: [...this.frameSizes].sort((a, b) => a - b),
      frameCount: this.frameCount,
      complete: this.complete,
      protocol: this.protocol,
      opcodes: this.opcodes,
      imports: this.imports.records(),
      events: this.events,
      persistentIds: this.persistentIds,
      children: this.children,
    };
    if (this.complete && this.frameEnd > stopAt) result.frameRest = Math.min(this.frameEnd, this.w.limit);
    if (error) result.error = error;
    if (limit) result.limit = limit;
    if (this.complete) result.value = this.value;
    return result;
  }

  // ---- the loop ---------------------------------------------------------------------------

  private loop(): void {
    const w = this.w;
    const maxOps = this.opts.limits.maxPickleOpcodes;
    const onStep = this.opts.onStep;
    for (;;) {
      if (w.pos >= w.buf.length && !w.ensure(1)) throw new Halt(w.offset, 'pickle data was truncated: no STOP opcode before the end of the data');
      const at = w.base + w.pos;
      const op = w.buf[w.pos++]!;
      if (++this.opcodes > maxOps) throw new Halt(at, `more than ${maxOps} opcodes`, 'maxPickleOpcodes');
      if ((this.opcodes & POLL_MASK) === 0) this.poll(at);
      if (OPCODE_PROTO[op]! > this.protoCeiling && op !== 0x80) this.protocolLie(at, op);
      const stop = this.step(op, at);
      if (this.frameEnd >= 0 && w.base + w.pos >= this.frameEnd) this.leaveFrame(at);
      if (onStep) onStep(at, op, this.stack.length, this.marks.length);
      if (stop) return;
    }
  }

  /** Executes one opcode; true at STOP. */
  private step(op: number, at: number): boolean {
    const w = this.w;
    switch (op) {
      case 0x28: // MARK
        this.marks.push(this.stack.length);
        this.fence = this.stack.length;
        this.checkDepth(at);
        return false;
      case 0x2e: // STOP
        this.value = this.pop(at);
        this.complete = true;
        if (this.frameEnd > this.w.offset) {
          this.frameDivergence = true;
          this.differential(at, 'STOP comes before the end of its FRAME: the next load of the same file starts after the frame, not after STOP');
        }
        return true;
      case 0x30: // POP
        if (this.stack.length > this.fence) this.discard(this.stack.pop()!, at);
        else if (this.marks.length > 0 && this.marks[this.marks.length - 1] === this.stack.length) this.popMark(at);
        else throw new Halt(at, 'unpickling stack underflow (POP)');
        return false;
      case 0x31: // POP_MARK
        for (const v of this.popMark(at)) this.discard(v, at);
        return false;
      case 0x32: // DUP
        this.push(this.top(at), at);
        return false;
      case 0x46: { // FLOAT
        const s = this.textLine(at, 'FLOAT');
        const v = text.parsePythonFloat(s) ?? this.cPrefixParse(s, text.parsePythonFloat, at);
        if (v === undefined) throw new Halt(at, `could not convert string to float: ${JSON.stringify(s)}`);
        this.push(floatValue(v), at);
        return false;
      }
      case 0x49: { // INT
        const s = this.textLine(at, 'INT');
        if (s === '00' || s === '01') this.push(s === '01', at);
        else this.push(intValue(this.parseInt(s, 0, at)), at);
        return false;
      }
      case 0x4c: { // LONG
        let s = this.textLine(at, 'LONG');
        if (s.endsWith('L')) s = s.slice(0, -1);
        this.push(intValue(this.parseInt(s, 0, at, true)), at);
        return false;
      }
      case 0x4e: this.push(null, at); return false; // NONE
      case 0x50: { // PERSID
        const line = this.line(at, 'PERSID');
        if (text.decodeAscii(line) === undefined) throw new Halt(at, 'persistent IDs in protocol 0 must be ASCII strings');
        this.persistentIds++;
        this.push({ t: 'opaque', desc: `persistent_load(${describe(text.decodeLatin1(line), 120)})` }, at);
        return false;
      }
      case 0x51: { // BINPERSID
        const pid = this.pop(at);
        this.persistentIds++;
        this.push({ t: 'opaque', desc: `persistent_load(${describe(pid, 120)})` }, at);
        return false;
      }
      case 0x52: { // REDUCE
        const args = this.pop(at);
        const fn = this.top(at);
        this.stack[this.stack.length - 1] = this.call('REDUCE', fn, args, at);
        return false;
      }
      case 0x53: { // STRING
        const raw = this.line(at, 'STRING');
        const q = raw[0];
        if (raw.length < 2 || q !== raw[raw.length - 1] || (q !== 0x22 && q !== 0x27)) throw new Halt(at, 'the STRING opcode argument must be quoted');
        const decoded = text.escapeDecode(raw.subarray(1, raw.length - 1));
        if (!decoded) throw new Halt(at, 'invalid escape in STRING argument');
        this.push(py2String(decoded), at);
        return false;
      }
      case 0x56: { // UNICODE
        const s = text.decodeRawUnicodeEscape(this.line(at, 'UNICODE'));
        if (s === undefined) throw new Halt(at, 'invalid raw-unicode-escape data in UNICODE argument');
        this.push(s, at);
        return false;
      }
      case 0x61: { // APPEND
        const v = this.pop(at);
        this.appendTo(this.top(at), [v], 'APPEND', at);
        return false;
      }
      case 0x62: this.build(at); return false; // BUILD
      case 0x63: { // GLOBAL
        const module = this.line(at, 'GLOBAL');
        const name = this.line(at, 'GLOBAL');
        const m = text.decodeUtf8(module);
        const n = text.decodeUtf8(name);
        if (m === undefined || n === undefined) throw new Halt(at, 'GLOBAL module or name is not valid UTF-8');
        this.push(this.imports.resolve(m, n, at, 'GLOBAL'), at);
        return false;
      }
      case 0x64: { // DICT
        const items = this.popMark(at);
        if (items.length % 2 !== 0) throw new Halt(at, 'odd number of items for DICT');
        this.push(dictFrom(items), at);
        return false;
      }
      case 0x67: this.push(this.memoGet(this.memoKey(this.textLine(at, 'GET'), at), at), at); return false; // GET
      case 0x69: { // INST: the pure-Python unpickler resolves the class before looking for the MARK
        const m = text.decodeAscii(this.line(at, 'INST'));
        const n = text.decodeAscii(this.line(at, 'INST'));
        if (m === undefined || n === undefined) throw new Halt(at, 'INST module or name is not ASCII');
        const cls = this.imports.resolve(m, n, at, 'INST');
        this.push(this.call('INST', cls, seq('tuple', this.popMark(at)), at), at);
        return false;
      }
      case 0x6c: this.push(seq('list', this.popMark(at)), at); return false; // LIST
      case 0x70: { // PUT
        const key = this.memoKey(this.textLine(at, 'PUT'), at);
        if (typeof key === 'number' ? key < 0 : key.startsWith('-')) throw new Halt(at, 'negative PUT argument');
        this.memoPut(key, at);
        return false;
      }
      case 0x73: { // SETITEM
        const v = this.pop(at);
        const k = this.pop(at);
        this.setItems(this.top(at), [k, v], 'SETITEM', at);
        return false;
      }
      case 0x74: this.push(seq('tuple', this.popMark(at)), at); return false; // TUPLE
      case 0x29: this.push(EMPTY_TUPLE, at); return false; // EMPTY_TUPLE
      case 0x47: { // BINFLOAT
        this.need(8, at);
        const v = w.dv.getFloat64(w.pos);
        w.pos += 8;
        this.push(floatValue(v), at);
        return false;
      }
      case 0x4a: this.need(4, at); this.push(w.dv.getInt32(w.pos, true), at); w.pos += 4; return false; // BININT
      case 0x4b: this.need(1, at); this.push(w.buf[w.pos++]!, at); return false; // BININT1
      case 0x4d: this.need(2, at); this.push(w.dv.getUint16(w.pos, true), at); w.pos += 2; return false; // BININT2
      case 0x54: { // BINSTRING
        const n = this.int32(at);
        if (n < 0) throw new Halt(at, 'BINSTRING pickle has negative byte count');
        this.push(py2String(this.bytes(n, at)), at);
        return false;
      }
      case 0x55: this.push(py2String(this.bytes(this.uint8(at), at)), at); return false; // SHORT_BINSTRING
      case 0x58: this.push(this.unicode(this.uint32(at), at), at); return false; // BINUNICODE
      case 0x5d: this.push({ t: 'list', items: [], len: 0 }, at); return false; // EMPTY_LIST
      case 0x65: { // APPENDS
        const items = this.popMark(at);
        this.appendTo(this.top(at), items, 'APPENDS', at);
        return false;
      }
      case 0x68: this.push(this.memoGet(this.uint8(at), at), at); return false; // BINGET
      case 0x6a: this.push(this.memoGet(this.uint32(at), at), at); return false; // LONG_BINGET
      case 0x6f: { // OBJ
        const items = this.popMark(at);
        if (items.length === 0) throw new Halt(at, 'unpickling stack underflow (OBJ without a class)');
        this.push(this.call('OBJ', items[0]!, seq('tuple', items.slice(1)), at), at);
        return false;
      }
      case 0x71: this.memoPut(this.uint8(at), at); return false; // BINPUT
      case 0x72: this.memoPut(this.uint32(at), at); return false; // LONG_BINPUT
      case 0x75: { // SETITEMS: pairs are stored before CPython notices an odd count
        const items = this.popMark(at);
        this.setItems(this.top(at), items, 'SETITEMS', at);
        if (items.length % 2 !== 0) throw new Halt(at, 'odd number of items for SETITEMS');
        return false;
      }
      case 0x7d: this.push({ t: 'dict', keys: [], vals: [], len: 0 }, at); return false; // EMPTY_DICT
      case 0x80: this.proto(at); return false; // PROTO
      case 0x81: { // NEWOBJ
        const args = this.pop(at);
        const cls = this.pop(at);
        this.push(this.call('NEWOBJ', cls, args, at), at);
        return false;
      }
      case 0x82: this.ext(this.uint8(at), at); return false; // EXT1
      case 0x83: this.ext(this.uint16(at), at); return false; // EXT2
      case 0x84: this.ext(this.int32(at), at); return false; // EXT4
      case 0x85: { // TUPLE1
        const a = this.pop(at);
        this.push(seq('tuple', [a]), at);
        return false;
      }
      case 0x86: case 0x87: { // TUPLE2, TUPLE3
        const n = op === 0x86 ? 2 : 3;
        if (this.stack.length - n < this.fence) throw new Halt(at, `unpickling stack underflow (${opcodeName(op)})`);
        this.push(seq('tuple', this.stack.splice(this.stack.length - n, n)), at);
        return false;
      }
      case 0x88: this.push(true, at); return false; // NEWTRUE
      case 0x89: this.push(false, at); return false; // NEWFALSE
      case 0x8a: this.push(decodeLong(this.bytes(this.uint8(at), at)), at); return false; // LONG1
      case 0x8b: { // LONG4
        const n = this.int32(at);
        if (n < 0) throw new Halt(at, 'LONG pickle has negative byte count');
        this.push(decodeLong(this.bytes(n, at)), at);
        return false;
      }
      case 0x42: this.push(this.bytesValue(this.uint32(at), at, false), at); return false; // BINBYTES
      case 0x43: this.push(this.bytesValue(this.uint8(at), at, false), at); return false; // SHORT_BINBYTES
      case 0x8c: this.push(this.unicode(this.uint8(at), at), at); return false; // SHORT_BINUNICODE
      case 0x8d: this.push(this.unicode(this.size64(at), at), at); return false; // BINUNICODE8
      case 0x8e: this.push(this.bytesValue(this.size64(at), at, false), at); return false; // BINBYTES8
      case 0x8f: this.push({ t: 'set', items: [], len: 0 }, at); return false; // EMPTY_SET
      case 0x90: { // ADDITEMS
        const items = this.popMark(at);
        const target = this.top(at);
        if (isObj(target) && target.t === 'set') seqAdd(target, items);
        else this.mutation(target, 'ADDITEMS', items, at);
        return false;
      }
      case 0x91: this.push(seq('frozenset', this.popMark(at)), at); return false; // FROZENSET
      case 0x92: { // NEWOBJ_EX
        const kwargs = this.pop(at);
        const args = this.pop(at);
        const cls = this.pop(at);
        this.push(this.call('NEWOBJ_EX', cls, args, at, kwargs), at);
        return false;
      }
      case 0x93: this.stackGlobal(at); return false; // STACK_GLOBAL
      case 0x94: this.memoPut(this.memo.size, at); return false; // MEMOIZE
      case 0x95: this.frame(at); return false; // FRAME
      case 0x96: this.push(this.bytesValue(this.size64(at), at, true), at); return false; // BYTEARRAY8
      case 0x97: this.push({ t: 'opaque', desc: 'out-of-band buffer' }, at); return false; // NEXT_BUFFER
      case 0x98: this.top(at); return false; // READONLY_BUFFER
      default:
        throw new Halt(at, `invalid load key 0x${op.toString(16).padStart(2, '0')} (not a pickle opcode)`);
    }
  }

  // ---- stack --------------------------------------------------------------------------------

  private push(v: PyValue, at: number): void {
    if (this.stack.length + this.marks.length >= this.stackLimit) throw new Halt(at, `stack deeper than ${this.stackLimit}`, 'maxPickleStack');
    this.stack.push(v);
  }

  private pop(at: number): PyValue {
    if (this.stack.length <= this.fence) throw new Halt(at, 'unpickling stack underflow');
    return this.stack.pop()!;
  }

  private top(at: number): PyValue {
    if (this.stack.length <= this.fence) throw new Halt(at, 'unpickling stack underflow');
    return this.stack[this.stack.length - 1]!;
  }

  private popMark(at: number): PyValue[] {
    const m = this.marks.pop();
    if (m === undefined) throw new Halt(at, 'could not find MARK');
    this.fence = this.marks.length > 0 ? this.marks[this.marks.length - 1]! : 0;
    return this.stack.splice(m);
  }

  private checkDepth(at: number): void {
    if (this.stack.length + this.marks.length > this.stackLimit) throw new Halt(at, `stack deeper than ${this.stackLimit}`, 'maxPickleStack');
  }

  // ---- memo ---------------------------------------------------------------------------------

  private memoKey(s: string, at: number): number | string {
    const v = text.parsePythonInt(s, 10) ?? this.cPrefixParse(s, (t) => text.parsePythonInt(t, 10), at);
    if (v === undefined) throw new Halt(at, `invalid memo index ${JSON.stringify(s.slice(0, 40))}`);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  }

  private memoGet(key: number | string, at: number): PyValue {
    const v = this.memo.get(key);
    if (v === undefined) throw new Halt(at, `Memo value not found at index ${key}`);
    return v;
  }

  private memoPut(key: number | string, at: number): void {
    const v = this.top(at);
    if (isObj(v) && v.t === 'call') v.memoized = true;
    this.memo.set(key, v);
    if (this.memo.size > this.opts.limits.maxPickleMemo) throw new Halt(at, `more than ${this.opts.limits.maxPickleMemo} memo entries`, 'maxPickleMemo');
  }

  // ---- calls, imports, mutations ------------------------------------------------------------

  private call(kind: CallKind, fn: PyValue, args: PyValue, at: number, kwargs?: PyValue): PyCall {
    const c: PyCall = { t: 'call', kind, fn, args, offset: at };
    if (kwargs !== undefined) c.kwargs = kwargs;
    this.imports.recordCall(c);
    const payload = nestedPayload(c, (o, n) => this.w.slice(o, n), this.opts.limits.maxPickleBytes);
    if (payload) this.events.push({ kind: 'nested', offset: at, ...payload });
    return c;
  }

  private stackGlobal(at: number): void {
    const name = this.materialize(this.pop(at));
    const module = this.materialize(this.pop(at));
    if (typeof module === 'string' && typeof name === 'string') {
      this.push(this.imports.resolve(module, name, at, 'STACK_GLOBAL'), at);
      return;
    }
    if (isConstantNonStr(module) || isConstantNonStr(name)) throw new Halt(at, 'STACK_GLOBAL requires str');
    const m = describe(module, 200);
    const n = describe(name, 200);
    this.events.push({ kind: 'unresolved', offset: at, module: m, name: n });
    this.push({ t: 'opaque', desc: `STACK_GLOBAL(${m}, ${n})` }, at);
  }

  /** Large strings are kept in the source; STACK_GLOBAL needs their text. */
  private materialize(v: PyValue): PyValue {
    if (!isObj(v) || v.t !== 'lazy' || v.kind !== 'str') return v;
    const s = text.decodeUtf8SurrogatePass(this.w.slice(v.offset, v.length));
    return s ?? v;
  }

  private ext(code: number, at: number): void {
    if (code <= 0) throw new Halt(at, 'EXT specifies code <= 0');
    this.events.push({ kind: 'ext', offset: at, code });
    this.push({ t: 'opaque', desc: `copyreg extension ${code}` }, at);
  }

  private discard(v: PyValue, at: number): void {
    if (isObj(v) && v.t === 'call' && !v.memoized) this.events.push({ kind: 'discarded', offset: at, call: v });
  }

  private appendTo(target: PyValue, items: PyValue[], opcode: string, at: number): void {
    if (isObj(target) && target.t === 'list') seqAdd(target, items);
    else this.mutation(target, opcode, items, at);
  }

  private setItems(target: PyValue, items: PyValue[], opcode: string, at: number): void {
    if (isObj(target) && target.t === 'dict') {
      for (let i = 0; i + 1 < items.length; i += 2) dictSet(target, items[i]!, items[i + 1]!);
    } else {
      this.mutation(target, opcode, items, at);
    }
  }

  /** Mutating an imported object (module attribute, class, sys.path...) changes global state. */
  private mutation(target: PyValue, opcode: string, items: PyValue[], at: number): void {
    if (!isObj(target) || target.t !== 'global') return;
    const detail = describe(seq('list', items), 200);
    this.events.push({ kind: 'mutation', offset: at, opcode, target: `${target.module}.${target.name}`, detail });
  }

  private build(at: number): void {
    const state = this.pop(at);
    const inst = this.top(at);
    if (!isObj(inst)) return;
    if (inst.t === 'global') {
      this.mutation(inst, 'BUILD', [state], at);
      return;
    }
    if (inst.t !== 'call') return;
    if (inst.state === undefined) inst.state = state;
    if (this.opts.joblib !== false && isObj(inst.fn) && inst.fn.t === 'global' && isJoblibWrapperClass(inst.fn)) this.joblibArray(inst, at);
  }

  /** joblib's unpickler reads the array bytes (or a nested pickle) right after the wrapper's BUILD. */
  private joblibArray(wrapper: PyCall, at: number): void {
    const layout = joblibArrayLayout(wrapper.state);
    const w = this.w;
    if (layout.kind === 'unknown') throw new Halt(at, `joblib NumpyArrayWrapper: ${layout.detail}; the array bytes cannot be located`);
    const dataAt = w.offset;
    // joblib commits the current frame before writing the array, so a frame that ends at the
    // BUILD is complete: the array bytes that follow are outside every frame.
    if (this.frameEnd === dataAt) this.frameEnd = -1;
    this.stack[this.stack.length - 1] = { t: 'opaque', desc: `joblib array (${layout.detail})` };
    if (layout.kind === 'object') {
      const depth = (this.opts.depth ?? 0) + 1;
      if (depth > this.opts.limits.maxNestingDepth) throw new Halt(at, 'joblib object arrays nested too deeply', 'maxNestingDepth');
      const child = runPickle(this.src, dataAt, { ...this.opts, onStep: undefined, depth });
      this.children.push(child);
      if (!child.complete) throw new Halt(dataAt, 'the nested pickle of a joblib object array did not end with STOP');
      w.pos += child.end - dataAt;
      this.events.push({ kind: 'joblib-array', offset: dataAt, length: child.end - dataAt, detail: layout.detail });
      return;
    }
    const length = this.skipInlineArray(layout.bytes, layout.padded, at);
    this.events.push({ kind: 'joblib-array', offset: dataAt, length, detail: layout.detail });
  }
}
