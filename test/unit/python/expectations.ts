// Reads expected findings written as caret comments under the offending line:
//
//     model = torch.load("m.pt")
//     #       ^^^^^^^^^^ MSL101
//
// The first caret marks the start column (UTF-16 code units) of the finding on the nearest line
// above that is not itself an expectation. A `#` directly followed by `^` stands for a caret at
// its own column (for findings at column 0). `MSL101:low` also pins the confidence.
export interface Expectation {
  line: number;
  character: number;
  ruleId: string;
  confidence?: string;
}

const EXPECTATION = /^(\s*)#(\s*)\^+((?:\s+MSL\d{3}(?::(?:high|medium|low))?)+)\s*$/;

export function parseExpectations(text: string): Expectation[] {
  const lines = text.split(/\r\n|\n|\r/);
  const out: Expectation[] = [];
  let target = -1;
  lines.forEach((line, i) => {
    const m = EXPECTATION.exec(line);
    if (!m) {
      target = i;
      return;
    }
    if (target < 0) throw new Error(`expectation on line ${i + 1} has no code line above it`);
    const character = m[2].length === 0 ? m[1].length : m[1].length + 1 + m[2].length;
    for (const spec of m[3].trim().split(/\s+/)) {
      const [ruleId, confidence] = spec.split(':');
      out.push(confidence ? { line: target, character, ruleId, confidence } : { line: target, character, ruleId });
    }
  });
  return out;
}

export function isExpectationLine(line: string): boolean {
  return EXPECTATION.test(line);
}

/** Stable text form used to compare expectations with findings in assertion messages. */
export function key(e: Expectation): string {
  return `${e.line + 1}:${e.character} ${e.ruleId}${e.confidence ? `:${e.confidence}` : ''}`;
}
