// Attack-shaped programs (the public bypass families) with randomised details.
import { Prng } from './prng';
import { byName, counted, global, le, line, pushStr, utf8Pass } from './emit';
import { Machine } from './machine';
import { COMMANDS } from './pools';

type Template = (m: Machine) => void;

function callWithArg(m: Machine): void {
  m.mark();
  m.pushText(m.rng.pick(COMMANDS));
  m.emit(byName('TUPLE'));
  m.popMark();
  m.push('tuple');
  m.emit(byName('REDUCE'));
  m.pop(2);
  m.push('obj');
}

const TEMPLATES: readonly Template[] = [
  // Classic GLOBAL + REDUCE, result discarded or kept.
  (m) => {
    m.globalOp('GLOBAL');
    callWithArg(m);
    if (m.rng.chance(0.5)) m.emit(byName('POP'));
  },
  // STACK_GLOBAL through every delivery path, then a call.
  (m) => {
    m.stackGlobal();
    callWithArg(m);
  },
  // A torch-like state dict whose tensor rebuild hides a second callable.
  (m) => {
    m.emit(byName('EMPTY_DICT'));
    m.push('dict');
    m.put();
    m.mark();
    m.pushText('weight');
    m.emit(global('torch._utils', '_rebuild_tensor_v2'));
    m.push('callable');
    m.mark();
    m.mark();
    m.pushText('storage');
    m.pushText('FloatStorage');
    m.emit(byName('TUPLE'));
    m.popMark();
    m.emit(byName('BINPERSID'));
    m.push('obj');
    m.step();
    m.emit(byName('TUPLE'));
    m.popMark();
    m.emit(byName('REDUCE'));
    m.emit(byName('SETITEMS'));
    m.popMark();
  },
  // Call hidden in BUILD state.
  (m) => {
    m.emit(global('collections', 'OrderedDict'));
    m.emit(byName('EMPTY_TUPLE'));
    m.emit(byName('REDUCE'));
    m.emit(byName('EMPTY_DICT'));
    m.pushText('k');
    m.globalOp('GLOBAL');
    callWithArg(m);
    m.emit(byName('SETITEM'));
    m.emit(byName('BUILD'));
  },
  // INST / OBJ / NEWOBJ / NEWOBJ_EX as calls.
  (m) => {
    m.mark();
    m.pushText(m.rng.pick(COMMANDS));
    m.globalOp('INST');
  },
  (m) => {
    m.mark();
    m.globalOp('GLOBAL');
    m.pushText(m.rng.pick(COMMANDS));
    m.emit(byName('OBJ'));
  },
  (m) => {
    m.globalOp('GLOBAL');
    m.emit(byName('EMPTY_TUPLE'));
    m.emit(byName(m.rng.pick(['NEWOBJ', 'REDUCE'])));
    m.emit(byName('EMPTY_DICT'));
    m.emit(byName('BUILD'));
  },
  // Protocol switches mid-stream: the fix_imports mapping follows the latest PROTO.
  (m) => {
    m.emit(byName('PROTO', Uint8Array.of(m.rng.pick([2, 3, 0]))));
    m.emit(global('__builtin__', m.rng.pick(['eval', 'xrange', 'apply', 'reduce'])));
    m.emit(byName('PROTO', Uint8Array.of(m.rng.pick([2, 3, 4, 5]))));
    m.emit(pushStr('__builtin__', 'SHORT_BINUNICODE'));
    m.emit(pushStr(m.rng.pick(['eval', 'xrange']), 'SHORT_BINUNICODE'));
    m.emit(byName('STACK_GLOBAL'));
  },
  // EXT opcodes, valid and invalid codes.
  (m) => {
    m.ext();
    m.emit(byName('EMPTY_TUPLE'));
    m.emit(byName('REDUCE'));
    m.ext();
  },
  // PERSID / BINPERSID followed by a global.
  (m) => {
    m.emit(byName('PERSID', line('0')));
    m.emit(counted('SHORT_BINBYTES', 1, utf8Pass('x')));
    m.emit(byName('BINPERSID'));
    m.globalOp('GLOBAL');
  },
  // Memo index games: huge indices, negative PUT, GET of missing slots.
  (m) => {
    m.pushText('os');
    m.emit(byName(m.rng.pick(['LONG_BINPUT', 'BINPUT']), le(m.rng.pick([0, 1, 255, 0x7fffffff]), m.rng.pick([1, 4]))));
    m.emit(byName('PUT', line(m.rng.pick(['-1', '0', '00', ' 1', '1 ']))));
    m.emit(byName('GET', line(m.rng.pick(['0', '1', '01']))));
    m.pushText('system');
    m.emit(byName('STACK_GLOBAL'));
  },
];

export function runTemplate(r: Prng, m: Machine): void {
  r.pick(TEMPLATES)(m);
}
