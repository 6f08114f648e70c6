// Protocol header and FRAME bookkeeping of the pickle machine: where the declared protocol lies
// and where frames disagree between CPython's readers (reported as parser differentials).
import { HIGHEST_PROTOCOL, OPCODE_PROTO, opcodeName } from './opcodes';
import { PickleReader } from './reader';
import { Halt } from './imports';

export abstract class FramedReader extends PickleReader {
  protected protocol = -1;
  protected protoCeiling = 1;
  private lieReported = false;
  protected frameEnd = -1;
  /** Frames were inconsistent: the C file reader may parse these bytes differently. */
  protected frameDivergence = false;
  protected readonly frameSizes = new Set<number>();
  protected frameCount = 0;

  protected proto(at: number): void {
    const p = this.uint8(at);
    if (p > HIGHEST_PROTOCOL) throw new Halt(at, `unsupported pickle protocol: ${p}`);
    if (this.protocol >= 0 && p !== this.protocol) this.differential(at, `a second PROTO opcode switches the protocol from ${this.protocol} to ${p}`);
    else if (this.protocol < 0 && at !== this.start) this.differential(at, 'PROTO is not the first opcode');
    if (this.protocol < 0) this.protocol = p;
    this.protoCeiling = Math.max(this.protoCeiling, p);
  }

  protected protocolLie(at: number, op: number): void {
    if (this.lieReported) return;
    this.lieReported = true;
    const declared = this.protocol < 0 ? 'no PROTO header (protocol 0/1)' : `PROTO ${this.protocol}`;
    this.differential(at, `${opcodeName(op)} is a protocol ${OPCODE_PROTO[op]} opcode but the stream declares ${declared}`);
  }

  protected frame(at: number): void {
    const size = this.size64(at, false);
    const w = this.w;
    if (this.frameSizes.size < 8) this.frameSizes.add(size);
    this.frameCount++;
    if (this.cfile) {
      this.cfileFrame(size, at, this.frameCount - 1);
      return;
    }
    if (this.frameEnd >= 0 && w.offset !== this.frameEnd) {
      this.frameDivergence = true;
      this.differential(at, 'a FRAME starts inside the previous frame (the pure-Python unpickler rejects this, the C unpickler does not)');
    }
    if (size > w.remaining()) this.differential(at, `FRAME claims ${size} bytes but only ${w.remaining()} remain (the C unpickler stops here, the pure-Python unpickler reads on)`);
    this.frameEnd = size > 0 ? w.offset + size : -1;
  }

  protected leaveFrame(at: number): void {
    if (this.w.offset > this.frameEnd) this.frameDivergence = true;
    if (this.w.offset > this.frameEnd) this.differential(at, `${opcodeName(this.w.buf[at - this.w.base] ?? 0)} straddles the end of its FRAME (the pure-Python unpickler rejects this, the C unpickler does not)`);
    this.frameEnd = -1;
  }
}
