// Tensor info checks: dimensions, ggml type and block size, size without overflow, data offsets
// against the file and the alignment, duplicate names and overlaps. Pure: infos in, problems out.
import { DUPLICATE_HEADER_KEY } from '../../rules/safetensors';
import { GGUF_OVERLAP, GGUF_TENSOR_INFO_INVALID, GGUF_TENSOR_OUT_OF_BOUNDS } from '../../rules/gguf';
import { MAX_DIMS, ggmlType } from './constants';
import type { GgufTensorInfo, Problem } from './types';
import type { RuleMeta } from '../../rules/types';

const INT64_MAX = (1n << 63n) - 1n;
const MAX_PER_KIND = 20;

export interface CheckedTensor {
  info: GgufTensorInfo;
  /** Data size in bytes, when the type and dims allow computing it. */
  bytes?: bigint;
}

export function checkTensors(tensors: readonly GgufTensorInfo[], alignment: number, dataStart: number, fileSize: number): { problems: Problem[]; checked: CheckedTensor[] } {
  const problems: Problem[] = [];
  const counts = new Map<string, number>();
  const add = (p: Problem, kind: string): void => {
    const n = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, n);
    if (n <= MAX_PER_KIND) problems.push(p);
  };
  const names = new Set<string>();
  const checked: CheckedTensor[] = [];
  const dataBytes = BigInt(Math.max(0, fileSize - dataStart));
  for (const t of tensors) {
    const location = { kind: 'pointer' as const, pointer: `tensor:${t.name}` };
    const invalid = (message: string, evidence?: string): void => add({ rule: GGUF_TENSOR_INFO_INVALID, init: { message: `Tensor "${t.name}": ${message}`, location, evidence } }, 'invalid');
    if (names.has(t.name)) add({ rule: DUPLICATE_HEADER_KEY, init: { message: `The tensor name "${t.name}" appears more than once.`, location: { kind: 'bytes', offset: t.infoOffset }, evidence: t.name } }, 'dup');
    names.add(t.name);
    const entry: CheckedTensor = { info: t };
    checked.push(entry);
    if (t.dims.length > MAX_DIMS) invalid(`${t.dims.length} dimensions; ggml supports at most ${MAX_DIMS}.`, `n_dims ${t.dims.length}`);
    const type = ggmlType(t.type);
    if (!type) invalid(`unknown ggml type ${t.type}.`, `type ${t.type}`);
    let numel = 1n;
    let overflow = false;
    for (const d of t.dims) {
      if (d > INT64_MAX) {
        invalid(`dimension ${d} is negative as a signed 64-bit value.`, `dims [${t.dims.join(', ')}]`);
        overflow = true;
        break;
      }
      numel *= d;
      if (numel > INT64_MAX) overflow = true;
    }
    if (overflow) {
      if (numel > INT64_MAX) invalid(`the element count overflows a signed 64-bit integer.`, `dims [${t.dims.join(', ')}]`);
      continue;
    }
    if (!type) continue;
    const first = t.dims[0] ?? 1n;
    if (first % BigInt(type.block) !== 0n) {
      invalid(`the first dimension (${first}) is not a multiple of the ${type.name} block size ${type.block}.`, `dims [${t.dims.join(', ')}]`);
      continue;
    }
    entry.bytes = (numel / BigInt(type.block)) * BigInt(type.bytes);
    if (t.offset % BigInt(alignment) !== 0n) {
      add({ rule: GGUF_TENSOR_OUT_OF_BOUNDS, init: { message: `Tensor "${t.name}": data offset ${t.offset} is not a multiple of the alignment ${alignment}.`, location, evidence: `offset ${t.offset}`, severity: 'medium' } }, 'align');
    }
    if (t.offset + entry.bytes > dataBytes) {
      add({ rule: GGUF_TENSOR_OUT_OF_BOUNDS, init: { message: `Tensor "${t.name}": data [${t.offset}, ${t.offset + entry.bytes}) lies beyond the ${dataBytes}-byte data section.`, location, evidence: `offset ${t.offset} size ${entry.bytes}` } }, 'oob');
    }
  }
  findOverlaps(checked, add);
  for (const [kind, n] of counts) {
    if (n > MAX_PER_KIND) problems.push({ rule: ruleOf(kind), init: { message: `${n - MAX_PER_KIND} more tensor problem(s) of this kind were not listed one by one.`, location: { kind: 'file' } } });
  }
  return { problems, checked };
}

function findOverlaps(checked: readonly CheckedTensor[], add: (p: Problem, kind: string) => void): void {
  const sized = checked.filter((c) => c.bytes !== undefined && c.bytes > 0n);
  sized.sort((a, b) => (a.info.offset < b.info.offset ? -1 : a.info.offset > b.info.offset ? 1 : 0));
  let coveredEnd = -1n;
  let coveredBy: CheckedTensor | undefined;
  for (const c of sized) {
    const end = c.info.offset + c.bytes!;
    if (coveredBy && c.info.offset < coveredEnd) {
      add({
        rule: GGUF_OVERLAP,
        init: {
          message: `Tensor "${c.info.name}" [${c.info.offset}, ${end}) overlaps "${coveredBy.info.name}" (which ends at ${coveredEnd}).`,
          location: { kind: 'pointer', pointer: `tensor:${c.info.name}` },
          evidence: `${c.info.name} ∩ ${coveredBy.info.name}`,
        },
      }, 'overlap');
    }
    if (end > coveredEnd) {
      coveredEnd = end;
      coveredBy = c;
    }
  }
}

function ruleOf(kind: string): RuleMeta {
  switch (kind) {
    case 'dup': return DUPLICATE_HEADER_KEY;
    case 'overlap': return GGUF_OVERLAP;
    case 'align':
    case 'oob': return GGUF_TENSOR_OUT_OF_BOUNDS;
    default: return GGUF_TENSOR_INFO_INVALID;
  }
}
