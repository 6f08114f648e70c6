// Checks of the data area: each tensor's size against its dtype and shape (BigInt, no overflow),
// bounds, overlaps, gaps and trailing bytes. Pure: tensors in, problems and unaccounted regions out.
import {
  SAFETENSORS_OUT_OF_BOUNDS, SAFETENSORS_OVERLAP, SAFETENSORS_SIZE_MISMATCH, SAFETENSORS_UNACCOUNTED, SAFETENSORS_UNKNOWN_DTYPE,
} from '../../rules/safetensors';
import { dtypeBits } from './dtypes';
import { tensorPointer, type Problem, type SafetensorsTensor } from './types';

/** A range of the data area that belongs to no tensor (relative to the data area). */
export interface Region {
  begin: number;
  end: number;
  kind: 'gap' | 'trailing';
}

export interface LayoutCheck {
  problems: Problem[];
  regions: Region[];
  /** Overlaps beyond the reported ones, counted. */
  overlapsNotListed: number;
}

/** Overlaps reported one by one; more are counted in one finding. */
const MAX_OVERLAP_FINDINGS = 20;

export function numel(shape: readonly bigint[]): bigint {
  let n = 1n;
  for (const d of shape) n *= d;
  return n;
}

export function checkLayout(tensors: readonly SafetensorsTensor[], dataLength: number): LayoutCheck {
  const problems: Problem[] = [];
  const dataLen = BigInt(dataLength);
  const inBounds: SafetensorsTensor[] = [];
  for (const t of tensors) {
    const location = { kind: 'pointer' as const, pointer: tensorPointer(t.name) };
    const bits = dtypeBits(t.dtype);
    if (bits === undefined) {
      problems.push({ rule: SAFETENSORS_UNKNOWN_DTYPE, init: { message: `Tensor "${t.name}" has the unknown dtype "${t.dtype}".`, location, evidence: t.dtype } });
    }
    if (t.begin > t.end) {
      problems.push({ rule: SAFETENSORS_SIZE_MISMATCH, init: { message: `Tensor "${t.name}" ends (${t.end}) before it begins (${t.begin}).`, location, evidence: `data_offsets [${t.begin}, ${t.end}]` } });
      continue;
    }
    if (bits !== undefined) {
      const totalBits = numel(t.shape) * BigInt(bits);
      const span = t.end - t.begin;
      if (totalBits % 8n !== 0n || totalBits / 8n !== span) {
        problems.push({
          rule: SAFETENSORS_SIZE_MISMATCH,
          init: {
            message: `Tensor "${t.name}" (${t.dtype} [${t.shape.join(', ')}]) needs ${formatBits(totalBits)} but its byte range holds ${span} bytes.`,
            location,
            evidence: `numel ${numel(t.shape)} × ${bits} bits ≠ ${span} bytes`,
          },
        });
      }
    }
    if (t.end > dataLen) {
      problems.push({
        rule: SAFETENSORS_OUT_OF_BOUNDS,
        init: { message: `Tensor "${t.name}" ends at ${t.end}, past the end of the ${dataLen}-byte data area.`, location, evidence: `data_offsets [${t.begin}, ${t.end}]` },
      });
      continue;
    }
    inBounds.push(t);
  }
  const sorted = [...inBounds].sort((a, b) => (a.begin < b.begin ? -1 : a.begin > b.begin ? 1 : a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
  const regions: Region[] = [];
  let covered = 0n;
  let coveredBy: SafetensorsTensor | undefined;
  let overlaps = 0;
  for (const t of sorted) {
    if (t.begin === t.end) continue; // empty tensors occupy nothing
    if (t.begin < covered && coveredBy) {
      overlaps++;
      if (overlaps <= MAX_OVERLAP_FINDINGS) {
        problems.push({
          rule: SAFETENSORS_OVERLAP,
          init: {
            message: `Tensor "${t.name}" [${t.begin}, ${t.end}) overlaps "${coveredBy.name}" [${coveredBy.begin}, ${coveredBy.end}).`,
            location: { kind: 'pointer', pointer: tensorPointer(t.name) },
            evidence: `${t.name} ∩ ${coveredBy.name}`,
          },
        });
      }
    } else if (t.begin > covered) {
      regions.push({ begin: Number(covered), end: Number(t.begin), kind: 'gap' });
    }
    if (t.end > covered) {
      covered = t.end;
      coveredBy = t;
    }
  }
  if (covered < dataLen) regions.push({ begin: Number(covered), end: dataLength, kind: 'trailing' });
  const notListed = Math.max(0, overlaps - MAX_OVERLAP_FINDINGS);
  if (notListed > 0) {
    problems.push({
      rule: SAFETENSORS_OVERLAP,
      init: { message: `${notListed} more overlapping tensor(s) were found and not listed one by one.`, location: { kind: 'file' } },
    });
  }
  return { problems, regions, overlapsNotListed: notListed };
}

export function regionProblem(r: Region, dataStart: number): Problem {
  const what = r.kind === 'gap' ? 'A gap between tensors' : 'Bytes after the last tensor';
  return {
    rule: SAFETENSORS_UNACCOUNTED,
    init: {
      message: `${what}: ${r.end - r.begin} byte(s) at data offset ${r.begin} belong to no tensor.`,
      location: { kind: 'bytes', offset: dataStart + r.begin, length: r.end - r.begin },
      evidence: `[${r.begin}, ${r.end})`,
    },
  };
}

function formatBits(bits: bigint): string {
  return bits % 8n === 0n ? `${bits / 8n} bytes` : `${bits} bits (not a whole number of bytes)`;
}
