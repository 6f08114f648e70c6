// Options of the symbolic pickle machine (how CPython's readers are emulated, and limits).
import type { ScanLimits } from '../../limits';

export interface MachineOptions {
  limits: ScanLimits;
  /** Polled every ~1M opcodes; true stops the stream with a wall-time limit. */
  timeUp?: () => boolean;
  /** Called after each opcode (disassembly): offset, code, stack depth, mark depth. */
  onStep?: (offset: number, code: number, depth: number, marks: number) => void;
  /** Honour joblib's inline arrays (default true). */
  joblib?: boolean;
  /** Depth of joblib object-array sub-pickles (internal). */
  depth?: number;
  /**
   * 'linear' (default): bytes are read in order, as pickle.loads() and the pure-Python unpickler
   * read them. 'cfile': the C unpickler reading a file object without peek() (io.BytesIO, as
   * torch.load reads zip members), whose FRAME buffer is read ahead: an argument or line that
   * crosses the end of that buffer is taken from after the frame, skipping the frame's tail.
   */
  mode?: 'linear' | 'cfile';
  /**
   * cfile mode over a file with peek() (open(path, 'rb')): frames up to this size are served
   * from the peek buffer (read linearly); larger ones are read ahead. Default 0.
   */
  cfileThreshold?: number;
  /**
   * cfile mode: which of the first 31 FRAMEs (bit i = i-th FRAME of the stream) are served from
   * the peek buffer. A buffered file peeks or reads ahead depending on what it holds at that
   * moment, not on the frame size alone. When set, it overrides cfileThreshold for those frames.
   */
  cfilePeekMask?: number;
}
