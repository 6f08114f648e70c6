// Hand-written cases for the bypass classes scanners have been fooled by, with the pairs CPython
// is expected to request (checked by the self-test, so the oracle itself is under test too).
import { byName, concat, counted, frame, global, latin1, le, line, proto, pushStr, STOP } from './emit';
import type { OracleCase } from './generate';

export interface TargetedCase extends OracleCase {
  /** Pairs (`module.name`) the pure-Python (`py`) and C-over-BytesIO (`c`) runs must record. */
  expect?: { py: string[]; c: string[]; cs?: string[] };
}

const b = (name: string, ...args: Uint8Array[]): Uint8Array => byName(name, ...args);
const u = (text: string): Uint8Array => pushStr(text, 'SHORT_BINUNICODE');
const call = concat([b('MARK'), u('id'), b('TUPLE'), b('REDUCE')]);
const both = (...pairs: string[]): { py: string[]; c: string[] } => ({ py: pairs, c: pairs });

function t(id: string, parts: Uint8Array[], expect?: TargetedCase['expect']): TargetedCase {
  return expect ? { id, kind: 'targeted', bytes: concat(parts), expect } : { id, kind: 'targeted', bytes: concat(parts) };
}

const sg = b('STACK_GLOBAL');

export const TARGETED: readonly TargetedCase[] = [
  t('global-reduce', [global('os', 'system'), call, STOP], both('os.system')),
  t('global-reduce-discarded', [proto(2), global('posix', 'system'), call, b('POP'), b('NONE'), STOP], both('posix.system')),
  t('antigravity', [global('antigravity', 'fly'), STOP], both('antigravity.fly')),
  t('stack-global-direct', [proto(4), u('os'), u('system'), sg, call, STOP], both('os.system')),
  t('stack-global-memo', [proto(4), u('os'), b('MEMOIZE'), b('POP'), u('system'), b('BINPUT', Uint8Array.of(9)),
    b('POP'), b('BINGET', Uint8Array.of(0)), b('LONG_BINGET', le(9, 4)), sg, STOP], both('os.system')),
  t('stack-global-text-memo', [u('subprocess'), b('PUT', line('7')), u('Popen'), sg, b('GET', line('7')), b('POP'),
    STOP], both('subprocess.Popen')),
  t('stack-global-memo-overwrite', [proto(4), u('collections'), b('BINPUT', Uint8Array.of(1)), b('POP'), u('os'),
    b('BINPUT', Uint8Array.of(1)), b('POP'), b('BINGET', Uint8Array.of(1)), u('system'), sg, STOP], both('os.system')),
  t('stack-global-dup', [proto(4), u('os'), b('DUP'), sg, STOP], both('os.os')),
  t('stack-global-py2-strings', [pushStr('os', 'BINSTRING'), pushStr('system', 'SHORT_BINSTRING'), sg, STOP],
    both('os.system')),
  t('stack-global-escaped-strings', [b('STRING', line("'o\\x73'")), b('UNICODE', line('sys\\u0074em')), sg, STOP],
    both('os.system')),
  t('stack-global-nonstring', [proto(4), counted('SHORT_BINBYTES', 1, latin1('os')), u('system'), sg, STOP], both()),
  t('stack-global-across-mark', [proto(4), u('os'), b('MARK'), u('system'), sg, STOP], both()),
  t('inst-without-mark', [b('INST', line('os'), line('system')), STOP], { py: ['os.system'], c: [] }),
  t('inst-call', [b('MARK'), u('id'), b('INST', line('os'), line('system')), STOP], both('os.system')),
  t('obj-call', [b('MARK'), global('builtins', 'exec'), u('print(1)'), b('OBJ'), STOP], both('builtins.exec')),
  t('newobj-ex', [proto(4), global('builtins', 'eval'), b('EMPTY_TUPLE'), b('EMPTY_DICT'), b('NEWOBJ_EX'), STOP],
    both('builtins.eval')),
  t('global-at-eof-no-newline', [latin1('cos\nsystem')], { py: ['os.syste'], c: [] }),
  t('global-cr', [latin1('cos\r\nsystem\r\n.')], both('os\r.system\r')),
  t('global-not-utf8', [b('GLOBAL', line(Uint8Array.of(0x6f, 0xff)), line('system')), STOP], both()),
  t('builtin-py2-proto2', [proto(2), global('__builtin__', 'eval'), STOP], both('__builtin__.eval')),
  t('builtin-py2-proto3', [proto(3), global('__builtin__', 'eval'), STOP], both('__builtin__.eval')),
  t('proto-switch', [proto(2), global('__builtin__', 'xrange'), proto(3), global('__builtin__', 'xrange'), STOP],
    both('__builtin__.xrange', '__builtin__.xrange')),
  t('ext1', [b('EXT1', Uint8Array.of(1)), b('EMPTY_TUPLE'), b('REDUCE'), STOP], both('__oracle_ext__.code_1')),
  t('ext2', [b('EXT2', le(0x1234, 2)), STOP], both('__oracle_ext__.code_4660')),
  t('ext4', [b('EXT4', le(0x12345678, 4)), STOP], both('__oracle_ext__.code_305419896')),
  t('ext-unregistered', [b('EXT1', Uint8Array.of(3)), STOP], both()),
  t('frame-longer-than-data', [proto(4), frame(255), global('os', 'system'), STOP], { py: ['os.system'], c: [] }),
  // The C unpickler over a file drops the frame's partial line: CPython itself asks for os.ystem.
  t('frame-cuts-global', [proto(4), frame(5), global('os', 'system'), STOP], { py: [], c: ['os.ystem'], cs: ['os.system'] }),
  t('frame-exact', [proto(4), frame(11), global('os', 'system'), STOP], both('os.system')),
  t('stacked', [proto(2), b('NONE'), STOP, proto(2), global('os', 'system'), STOP], both('os.system')),
  t('stacked-after-frame', [proto(4), frame(2), b('NONE'), STOP, global('nt', 'system'), STOP], both('nt.system')),
  t('garbage-between', [b('NONE'), STOP, latin1('\u00ff'), global('os', 'system'), STOP], both()),
  t('persid-then-global', [b('PERSID', line('0')), b('POP'), global('webbrowser', 'open'), STOP], both('webbrowser.open')),
  t('huge-memo-index', [proto(4), u('os'), b('LONG_BINPUT', le(0x7fffffff, 4)), u('system'), sg, STOP],
    { py: ['os.system'], c: [] }),
  t('build-state-call', [global('collections', 'OrderedDict'), b('EMPTY_TUPLE'), b('REDUCE'), b('EMPTY_DICT'),
    u('k'), global('builtins', 'getattr'), call, b('SETITEM'), b('BUILD'), STOP],
    both('collections.OrderedDict', 'builtins.getattr')),
  t('lone-surrogate-name', [proto(4), u('os'), counted('SHORT_BINUNICODE', 1, Uint8Array.of(0xed, 0xa0, 0x80)), sg, STOP],
    both('os.\ud800')),
  t('dotted-name', [proto(4), u('os'), u('path.join'), sg, STOP], both('os.path.join')),
  t('frame-under-proto2', [proto(2), frame(11), global('os', 'system'), STOP], both('os.system')),
  t('stack-global-no-header', [u('os'), u('system'), sg, STOP], both('os.system')),
  t('pop-mark-between-operands', [proto(4), u('os'), b('MARK'), b('NONE'), b('POP_MARK'), u('system'), sg, STOP],
    both('os.system')),
  t('pop-empties-mark', [proto(4), u('os'), b('MARK'), b('POP'), u('system'), sg, STOP], both('os.system')),
  t('reduce-result-is-a-type', [global('builtins', 'type'), b('EMPTY_TUPLE'), b('REDUCE'), b('EMPTY_TUPLE'),
    b('NEWOBJ'), b('POP'), global('os', 'system'), STOP], both('builtins.type', 'os.system')),
  t('empty-names', [latin1('c\n\n.')], { py: ['.'], c: [] }),
];
