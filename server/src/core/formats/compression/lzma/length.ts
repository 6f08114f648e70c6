// Match lengths (minus two, 0-271): a choice bit picks 3 low bits per position state, a second
// choice 3 middle bits per position state (8-15), otherwise 8 high bits shared by all (16-271).
import { PROB_INIT, probabilities, type RangeDecoder } from './rangeDecoder';

const POS_STATES = 16;
const LOW = 2;
const MID = LOW + POS_STATES * 8;
const HIGH = MID + POS_STATES * 8;

export class LengthDecoder {
  /** choice, choice2, low trees, mid trees, the high tree: one table. */
  private readonly probs = probabilities(HIGH + 256);

  decode(rc: RangeDecoder, posState: number): number {
    const p = this.probs;
    if (rc.bit(p, 0) === 0) return rc.tree(p, LOW + posState * 8, 3);
    if (rc.bit(p, 1) === 0) return 8 + rc.tree(p, MID + posState * 8, 3);
    return 16 + rc.tree(p, HIGH, 8);
  }

  /** Back to the starting probabilities (an LZMA2 state reset). */
  reset(): void {
    this.probs.fill(PROB_INIT);
  }
}
