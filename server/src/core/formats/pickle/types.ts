// What one run of the pickle machine over one stream found: facts, not findings.
// report.ts turns them into findings with the project's policy.
import type { LimitName } from '../../limits';
import type { PyCall, PyValue } from './values';

export type ImportOpcode = 'GLOBAL' | 'INST' | 'STACK_GLOBAL';

/** One distinct (module, name) the stream makes find_class resolve. */
export interface ImportRecord {
  module: string;
  name: string;
  /** Offset of the first opcode that resolved it. */
  offset: number;
  via: ImportOpcode;
  /** How many opcodes resolved it. */
  count: number;
  /** The first few calls made with it (REDUCE, INST, OBJ, NEWOBJ...). */
  calls: PyCall[];
  callCount: number;
}

export type PickleEvent =
  /** STACK_GLOBAL whose operands are not statically known strings. */
  | { kind: 'unresolved'; offset: number; module: string; name: string }
  /** EXT1/EXT2/EXT4: copyreg's extension registry. */
  | { kind: 'ext'; offset: number; code: number }
  /** SETITEM(S)/APPEND(S)/ADDITEMS/BUILD applied to an imported object. */
  | { kind: 'mutation'; offset: number; opcode: string; target: string; detail: string }
  /** A call whose result is thrown away by POP/POP_MARK: run for its side effect. */
  | { kind: 'discarded'; offset: number; call: PyCall }
  /** Bytes CPython's C and Python unpicklers (or other scanners) read differently. */
  | { kind: 'differential'; offset: number; detail: string }
  /** Constant data handed to a loader (pickle.loads, torch.load...). */
  | { kind: 'nested'; offset: number; loader: string; data: Uint8Array; hint?: 'pickle'; encoding: string }
  /** A constant that itself starts like a pickle, not handed to a loader we recognise. */
  | { kind: 'embedded'; offset: number; data: Uint8Array }
  /** A joblib inline array skipped as joblib reads it. */
  | { kind: 'joblib-array'; offset: number; length: number; detail: string };

export interface MachineResult {
  /** Source offset of the stream's first byte. */
  start: number;
  /** Source offset just after the last byte consumed (after STOP when complete). */
  end: number;
  /**
   * STOP came before the end of its FRAME: where the pure-Python unpickler's next load starts
   * (it read the whole frame with one file read, so the file is past it).
   */
  frameRest?: number;
  complete: boolean;
  /** FRAME lengths disagree with the opcodes: the C file reader (mode 'cfile') may read other bytes. */
  frameDivergence: boolean;
  /** Distinct FRAME lengths seen (at most 8), for the C file reader's alternative readings. */
  frameSizes: number[];
  /** Number of FRAME opcodes executed. */
  frameCount: number;
  /** First PROTO argument, -1 when the stream has none (protocol 0/1). */
  protocol: number;
  opcodes: number;
  imports: ImportRecord[];
  events: PickleEvent[];
  error?: { offset: number; message: string };
  limit?: { name: LimitName; offset: number; detail: string };
  /** The value STOP returned (for stacked-pickle layouts such as legacy PyTorch). */
  value?: PyValue;
  persistentIds: number;
  /** Pickles read from inside this one (joblib object arrays are separate streams). */
  children: MachineResult[];
}
