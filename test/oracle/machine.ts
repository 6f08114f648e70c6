// A stack-model program generator: it tracks roughly what CPython's unpickler would hold
// (stack, mark stack, memo) so that most generated programs get deep into the stream before
// failing, while a share of steps deliberately ignores the model to produce malformed streams.
import { Prng } from './prng';
import { byName, counted, global, latin1, le, line, pushStr, utf8Pass, type StringOp } from './emit';
import { EXT_CODES, MODULES, NAMES, PAIRS } from './pools';

type Kind = 'str' | 'bytes' | 'int' | 'none' | 'float' | 'list' | 'dict' | 'set' | 'tuple' | 'callable' | 'obj';

interface Item {
  kind: Kind;
  text?: string;
}

export class Machine {
  stack: Item[] = [];
  meta: Item[][] = [];
  memo = new Map<number, Item>();
  out: Uint8Array[] = [];

  constructor(readonly rng: Prng, public proto: number) {}

  emit(bytes: Uint8Array): void {
    this.out.push(bytes);
  }

  push(kind: Kind, text?: string): void {
    this.stack.push(text === undefined ? { kind } : { kind, text });
  }

  pop(n = 1): Item[] {
    return this.stack.splice(Math.max(0, this.stack.length - n), n);
  }

  top(depth = 0): Item | undefined {
    return this.stack[this.stack.length - 1 - depth];
  }

  mark(): void {
    this.emit(byName('MARK'));
    this.meta.push(this.stack);
    this.stack = [];
  }

  popMark(): Item[] {
    const items = this.stack;
    this.stack = this.meta.pop() ?? [];
    return items;
  }

  strOp(): StringOp {
    return this.rng.weighted<StringOp>([
      [5, 'SHORT_BINUNICODE'], [3, 'BINUNICODE'], [1, 'BINUNICODE8'], [2, 'UNICODE'],
      [2, 'STRING'], [1, 'BINSTRING'], [1, 'SHORT_BINSTRING'],
    ]);
  }

  pushText(text: string, how: StringOp = this.strOp()): void {
    this.emit(pushStr(text, how));
    // py2 str opcodes decode as ASCII: non-ASCII makes CPython raise, the model does not care.
    this.push('str', text);
  }

  pair(): readonly [string, string] {
    const r = this.rng;
    return r.chance(0.6) ? r.pick(PAIRS) : [r.pick(MODULES), r.pick(NAMES)];
  }

  /** Memoizes the top of the stack with a random memo opcode; returns the index used. */
  put(index?: number): number {
    const r = this.rng;
    const kind = r.weighted<string>([[3, 'BINPUT'], [2, 'MEMOIZE'], [1, 'PUT'], [1, 'LONG_BINPUT']]);
    let i = index ?? (r.chance(0.8) ? this.memo.size : r.int(300));
    if (kind === 'MEMOIZE') i = this.memo.size;
    if (kind === 'BINPUT') i &= 0xff;
    if (kind === 'BINPUT') this.emit(byName(kind, Uint8Array.of(i)));
    else if (kind === 'LONG_BINPUT') this.emit(byName(kind, le(i, 4)));
    else if (kind === 'PUT') this.emit(byName(kind, line(String(i))));
    else this.emit(byName(kind));
    const item = this.top();
    if (item) this.memo.set(i, item);
    return i;
  }

  get(i: number): void {
    const r = this.rng;
    const kind = i > 0xff ? r.pick(['GET', 'LONG_BINGET']) : r.pick(['GET', 'BINGET', 'LONG_BINGET']);
    if (kind === 'BINGET') this.emit(byName(kind, Uint8Array.of(i)));
    else if (kind === 'LONG_BINGET') this.emit(byName(kind, le(i, 4)));
    else this.emit(byName(kind, line(String(i))));
    this.stack.push(this.memo.get(i) ?? { kind: 'obj' });
  }

  memoIndexOf(kind: Kind): number | undefined {
    const hits = [...this.memo.entries()].filter(([, v]) => v.kind === kind).map(([k]) => k);
    return hits.length ? this.rng.pick(hits) : undefined;
  }

  /** STACK_GLOBAL with operands delivered in one of several ways. */
  stackGlobal(): void {
    const r = this.rng;
    const [mod, name] = this.pair();
    const how = r.weighted<string>([
      [5, 'direct'], [3, 'memo'], [1, 'memo-overwrite'], [1, 'dup'], [1, 'nonstr'], [1, 'mark-between'],
      [1, 'reuse'], [1, 'from-tuple'], [1, 'pop-mark-between'], [1, 'pop-empty-mark'],
    ]);
    switch (how) {
      case 'direct':
        this.pushText(mod);
        this.pushText(name);
        break;
      case 'memo': {
        this.pushText(mod);
        const a = this.put();
        this.emit(byName('POP'));
        this.pop();
        this.pushText(name);
        const b = this.put();
        if (r.chance(0.5)) {
          this.emit(byName('POP'));
          this.pop();
          this.get(a);
          this.get(b);
        } else {
          this.get(a);
          this.emit(byName('POP'));
          this.pop();
        }
        break;
      }
      case 'memo-overwrite': {
        this.pushText('collections');
        const a = this.put();
        this.emit(byName('POP'));
        this.pop();
        this.pushText(mod);
        this.put(a);
        this.emit(byName('POP'));
        this.pop();
        this.get(a);
        this.pushText(name);
        break;
      }
      case 'dup':
        this.pushText(mod);
        this.emit(byName('DUP'));
        this.push('str', mod);
        break;
      case 'nonstr':
        this.scalar();
        if (r.chance(0.5)) this.pushText(name);
        else this.scalar();
        break;
      case 'mark-between':
        this.pushText(mod);
        this.mark();
        this.pushText(name);
        break;
      case 'reuse': {
        const a = this.memoIndexOf('str');
        if (a === undefined) this.pushText(mod);
        else this.get(a);
        this.pushText(name);
        break;
      }
      case 'pop-mark-between':
        // The operand below a discarded MARK section is still the module.
        this.pushText(mod);
        this.mark();
        this.scalar();
        this.emit(byName('POP_MARK'));
        this.popMark();
        this.pushText(name);
        break;
      case 'pop-empty-mark':
        // POP on an empty stack after MARK discards the mark (CPython's pure-Python rule).
        this.pushText(mod);
        this.mark();
        this.emit(byName('POP'));
        this.popMark();
        this.pushText(name);
        break;
      case 'from-tuple':
        this.pushText(mod);
        this.pushText(name);
        this.emit(byName('TUPLE2'));
        this.pop(2);
        this.push('tuple');
        break;
    }
    this.emit(byName('STACK_GLOBAL'));
    this.pop(2);
    this.push('callable', `${mod}.${name}`);
  }

  globalOp(opname: 'GLOBAL' | 'INST'): void {
    const r = this.rng;
    const [mod, name] = this.pair();
    if (r.chance(0.05)) this.emit(global(Uint8Array.of(0x6f, 0x73, 0xff), name, opname));
    else if (r.chance(0.03)) this.emit(byName(opname, line(mod + '\r'), line(name + '\r')));
    else this.emit(global(mod, name, opname));
    if (opname === 'INST') this.popMark();
    this.push(opname === 'GLOBAL' ? 'callable' : 'obj', `${mod}.${name}`);
  }

  ext(): void {
    const r = this.rng;
    const code = r.chance(0.8) ? r.pick(EXT_CODES) : r.next() | 0;
    if (code >= 0 && code <= 0xff && r.chance(0.6)) this.emit(byName('EXT1', Uint8Array.of(code)));
    else if (code >= 0 && code <= 0xffff && r.chance(0.6)) this.emit(byName('EXT2', le(code, 2)));
    else this.emit(byName('EXT4', le(code, 4)));
    this.push('callable');
  }

  scalar(): void {
    const r = this.rng;
    const n = r.int(1000) - 100;
    const choice = r.int(17);
    const emitters: Array<() => [Uint8Array, Kind]> = [
      () => [byName('INT', line(r.chance(0.2) ? '01' : String(n))), 'int'],
      () => [byName('BININT', le(n, 4)), 'int'],
      () => [byName('BININT1', Uint8Array.of(n & 0xff)), 'int'],
      () => [byName('BININT2', le(n & 0xffff, 2)), 'int'],
      () => [byName('LONG', line(`${n}L`)), 'int'],
      () => [counted('LONG1', 1, le(n, 2)), 'int'],
      () => [counted('LONG4', 4, le(n, 3)), 'int'],
      () => [byName('NONE'), 'none'],
      () => [byName(r.pick(['NEWTRUE', 'NEWFALSE'])), 'int'],
      () => [byName('FLOAT', line('1.5')), 'float'],
      () => [byName('BINFLOAT', le(0x3ff8000000000000n, 8)), 'float'],
      () => [counted('SHORT_BINBYTES', 1, utf8Pass('os')), 'bytes'],
      () => [counted('BINBYTES', 4, utf8Pass('system')), 'bytes'],
      () => [counted('BINBYTES8', 8, utf8Pass('eval')), 'bytes'],
      () => [counted('BYTEARRAY8', 8, utf8Pass('exec')), 'bytes'],
      () => [byName('NEXT_BUFFER'), 'bytes'],
      () => [byName('PERSID', line(r.pick(['0', 'storage', 'x y']))), 'obj'],
    ];
    const [bytes, kind] = emitters[choice]!();
    this.emit(bytes);
    this.push(kind);
  }

  /** One step that mostly respects the model. */
  step(): void {
    const r = this.rng;
    const t = this.top();
    const action = r.weighted<() => void>([
      [6, () => this.pushText(r.chance(0.5) ? r.pick(MODULES) : r.pick(NAMES))],
      [5, () => this.scalar()],
      [6, () => this.globalOp('GLOBAL')],
      [6, () => this.stackGlobal()],
      [2, () => (this.meta.length ? this.globalOp('INST') : this.mark())],
      [2, () => this.ext()],
      [4, () => this.mark()],
      [4, () => this.fromMark()],
      [4, () => this.call()],
      [3, () => this.containerOp()],
      [3, () => (t ? this.put() : this.scalar())],
      [2, () => this.getSome()],
      [2, () => this.stackOp()],
      [1, () => this.emit(byName('PROTO', Uint8Array.of(r.int(6))))],
      [1, () => this.emptyContainer()],
    ]);
    action();
  }

  fromMark(): void {
    const r = this.rng;
    if (!this.meta.length) return this.mark();
    const name = r.pick(['TUPLE', 'LIST', 'DICT', 'FROZENSET', 'POP_MARK', 'OBJ', 'APPENDS', 'SETITEMS', 'ADDITEMS']);
    this.emit(byName(name));
    this.popMark();
    if (name === 'TUPLE') this.push('tuple');
    else if (name === 'LIST') this.push('list');
    else if (name === 'DICT') this.push('dict');
    else if (name === 'FROZENSET') this.push('set');
    else if (name === 'OBJ') this.push('obj');
  }

  call(): void {
    const r = this.rng;
    const name = r.weighted<string>([[5, 'REDUCE'], [2, 'NEWOBJ'], [1, 'NEWOBJ_EX'], [3, 'BUILD'], [1, 'BINPERSID']]);
    if (name === 'REDUCE' || name === 'NEWOBJ') {
      if (this.top()?.kind !== 'tuple') {
        this.emit(byName(r.pick(['EMPTY_TUPLE', 'TUPLE1', 'TUPLE2'])));
        this.push('tuple');
      }
      this.emit(byName(name));
      this.pop(2);
      this.push('obj');
      if (r.chance(0.3)) {
        this.emit(byName('POP'));
        this.pop();
      }
    } else if (name === 'NEWOBJ_EX') {
      this.emit(byName('EMPTY_TUPLE'));
      this.emit(byName('EMPTY_DICT'));
      this.emit(byName(name));
      this.pop(1);
      this.push('obj');
    } else {
      this.emit(byName(name));
      this.pop(1);
      if (name === 'BINPERSID') this.push('obj');
    }
  }

  containerOp(): void {
    const name = this.rng.pick(['APPEND', 'SETITEM', 'TUPLE1', 'TUPLE2', 'TUPLE3', 'READONLY_BUFFER']);
    this.emit(byName(name));
    const take = { APPEND: 1, SETITEM: 2, TUPLE1: 1, TUPLE2: 2, TUPLE3: 3, READONLY_BUFFER: 0 }[name]!;
    this.pop(take);
    if (name.startsWith('TUPLE')) this.push('tuple');
  }

  emptyContainer(): void {
    const [name, kind] = this.rng.pick<[string, Kind]>([
      ['EMPTY_LIST', 'list'], ['EMPTY_DICT', 'dict'], ['EMPTY_TUPLE', 'tuple'], ['EMPTY_SET', 'set'],
    ]);
    this.emit(byName(name));
    this.push(kind);
  }

  getSome(): void {
    const r = this.rng;
    const keys = [...this.memo.keys()];
    const i = keys.length && r.chance(0.85) ? r.pick(keys) : r.pick([0, 1, 7, 255, 256, 0xffffffff]);
    this.get(i);
  }

  stackOp(): void {
    const name = this.rng.pick(['POP', 'DUP', 'POP_MARK']);
    this.emit(byName(name));
    if (name === 'POP') this.pop();
    else if (name === 'DUP') this.stack.push(this.top() ?? { kind: 'obj' });
    else this.popMark();
  }

  static rawLine(r: Prng): Uint8Array {
    return line(r.chance(0.7) ? latin1(r.pick([...MODULES, ...NAMES])) : r.bytes(r.int(6)).map((b) => (b === 10 ? 32 : b)));
  }
}
