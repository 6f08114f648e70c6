// Public entry points of the pickle analyzer: format tests for detection, whole-file analysis
// (stacked pickles, legacy PyTorch) and single-stream analysis for containers.
import type { AnalysisContext } from '../../context';
import { BufferByteSource, type ByteSource } from '../../io/byteSource';
import { DEFAULT_LIMITS } from '../../limits';
import { NESTED_PICKLE, TRAILING_DATA } from '../../rules/pickleContent';
import type { PickleStreamInfo } from '../../summary';
import { runPickle, type MachineOptions } from './machine';
import { isLegacyHeader, legacyMagic, storageKeyCount } from './legacyTorch';
import { bytesAt, eventKey, newReported, reportStream, type Reported } from './report';
import type { MachineResult, PickleEvent } from './types';

export interface PickleStreamOptions {
  /** Offset of the stream's first byte within `src` (default 0). */
  offset?: number;
  /**
   * Receives the promises of nested analyses (payloads handed to pickle.loads, torch.load...).
   * Await them before the scan ends, or use `analyzePickleStreamAsync`.
   */
  pending?: Promise<unknown>[];
}

const PROBE_LIMITS = { ...DEFAULT_LIMITS, maxPickleOpcodes: 4096, maxPickleMemo: 4096, maxPickleStack: 4096, maxNestingDepth: 0 };

export function hasPickleMagic(head: Uint8Array): boolean {
  if (head.length < 2 || head[0] !== 0x80 || head[1]! > 5) return false;
  return head[1]! >= 2 || probe(head).plausible;
}

/**
 * Protocol 0/1 pickles (and hand-made streams) have no header: a prefix that runs through the
 * machine to STOP, or to the end of the sniffed bytes after several opcodes, is a pickle.
 * Text, JSON and CSV fail within their first few bytes (unknown opcodes or stack underflows).
 */
export function looksLikeHeaderlessPickle(head: Uint8Array): boolean {
  if (head.length < 2) return false;
  return probe(head).plausible;
}

function probe(head: Uint8Array): { plausible: boolean; result?: MachineResult } {
  const r = runPickle(new BufferByteSource(head), 0, { limits: PROBE_LIMITS, joblib: false });
  if (r.complete) return { plausible: r.opcodes >= 2, result: r };
  const truncated = r.error !== undefined && r.error.message.startsWith('pickle data was truncated') && head.length >= 1024;
  return { plausible: (truncated || r.limit !== undefined) && r.opcodes >= 8, result: r };
}

/** Analyses one pickle stream (an archive member, an .npy object payload, a joblib body). */
export function analyzePickleStream(src: ByteSource, ctx: AnalysisContext, options: PickleStreamOptions = {}): PickleStreamInfo {
  const seen = newReported();
  const offset = options.offset ?? 0;
  ctx.observer?.pickleStream?.(src, offset, ctx.members);
  const r = runPickle(src, offset, machineOptions(ctx, 'linear'));
  const info = finishStream(r, src, ctx, options.pending, seen);
  if (r.frameDivergence) {
    // The C unpickler reading a file object sees other bytes where frames lie: report those too.
    seen.onlyNew = true;
    for (const reading of cfileReadings(r)) {
      finishStream(runPickle(src, offset, machineOptions(ctx, 'cfile', reading)), src, ctx, options.pending, seen);
    }
  }
  return info;
}

/** Like analyzePickleStream, and waits for nested payload analyses. */
export async function analyzePickleStreamAsync(src: ByteSource, ctx: AnalysisContext, options: PickleStreamOptions = {}): Promise<PickleStreamInfo> {
  const pending: Promise<unknown>[] = [];
  const info = analyzePickleStream(src, ctx, { ...options, pending });
  await Promise.all(pending);
  return info;
}

/**
 * A whole file: one pickle, or several in a row (each `pickle.load` starts afresh after STOP).
 * The legacy PyTorch layout is recognised and its raw storage bytes are not parsed.
 */
export async function analyzePickleFile(src: ByteSource, ctx: AnalysisContext): Promise<void> {
  const pending: Promise<unknown>[] = [];
  const seen = newReported();
  ctx.observer?.pickleStream?.(src, 0, ctx.members);
  const divergedAt = analyzeChain(src, ctx, 0, 'linear', { threshold: 0 }, pending, seen, []);
  if (divergedAt !== undefined) {
    seen.onlyNew = true;
    for (const reading of divergedAt.readings) {
      analyzeChain(src, ctx, divergedAt.offset, 'cfile', reading, pending, seen, divergedAt.values);
    }
    // The pure-Python unpickler reads lines as the linear reading does, but a load after a STOP
    // inside a FRAME starts at the frame end.
    if (divergedAt.stopInFrame) analyzeChain(src, ctx, divergedAt.offset, 'linear', { threshold: 0, afterFrame: true }, pending, seen, divergedAt.values);
  }
  await Promise.all(pending);
}

/**
 * True when a loop of pickle.load() over `src` from offset 0 would import or call something
 * (or hits a limit trying). Used for bytes known to be another format (a zip with a foreign
 * start): they are analysed as a pickle only when that reading does something.
 */
export function pickleLoadImports(src: ByteSource, ctx: AnalysisContext): boolean {
  let offset = 0;
  for (let index = 0; offset < src.size && !ctx.timeUp(); index++) {
    const r = runPickle(src, offset, machineOptions(ctx, 'linear'));
    const readings = [r];
    if (r.frameDivergence) for (const c of cfileReadings(r)) readings.push(runPickle(src, offset, machineOptions(ctx, 'cfile', c)));
    if (readings.some((x) => !isInert(x))) return true;
    if (!r.complete) return false;
    offset = r.end;
  }
  return false;
}

function isInert(r: MachineResult): boolean {
  return r.imports.length === 0 && r.events.every((e) => e.kind === 'differential') && !r.limit;
}

interface Divergence { offset: number; values: MachineResult['value'][]; readings: CfileReading[]; stopInFrame: boolean }

/**
 * How the C unpickler over a file serves FRAMEs: see MachineOptions.cfileThreshold/cfilePeekMask.
 * `afterFrame` (linear mode): each load after a STOP inside a FRAME starts at the frame end.
 */
interface CfileReading { threshold: number; peekMask?: number; afterFrame?: boolean }

/** Frames whose peek/read-ahead combinations are all explored (2^n - 1 extra readings). */
const MASKED_FRAMES = 4;

/**
 * Readings of the C unpickler over a file: every frame read ahead (io.BytesIO), frames up to a
 * size served from the peek buffer (one pass per distinct frame size), and, since a buffered
 * file peeks or reads ahead depending on what it holds, every mix for the first few frames.
 */
function cfileReadings(r: MachineResult): CfileReading[] {
  const out: CfileReading[] = [0, ...r.frameSizes.slice(0, -1).filter((s) => s > 0)].map((threshold) => ({ threshold }));
  const n = Math.min(r.frameCount, MASKED_FRAMES);
  if (n >= 2) for (let mask = 1; mask < 2 ** n; mask++) out.push({ threshold: 0, peekMask: mask });
  return out;
}

/** Successive loads from `offset`; returns where frames first diverged (for a second reading). */
function analyzeChain(
  src: ByteSource, ctx: AnalysisContext, start: number, mode: 'linear' | 'cfile', reading: CfileReading,
  pending: Promise<unknown>[], seen: Reported, before: MachineResult['value'][],
): Divergence | undefined {
  const values = [...before];
  let offset = start;
  let legacy = false;
  let diverged: Divergence | undefined;
  while (offset < src.size) {
    const index = values.length;
    const r = runPickle(src, offset, machineOptions(ctx, mode, reading));
    if (r.frameDivergence && !diverged) diverged = { offset, values: [...values], readings: cfileReadings(r), stopInFrame: false };
    if (diverged && r.frameRest !== undefined) diverged.stopInFrame = true;
    const inert = isInert(r);
    if (legacy && index > 4) {
      // Raw storage bytes: torch never unpickles them, but a loop of pickle.load() would, and it
      // keeps going while each load completes. Only what would import something is reported.
      if (inert) {
        if (!r.complete) break;
        if (ctx.timeUp()) {
          ctx.limitHit('maxWallTimeMs', bytesAt(src, r.end), 'stacked pickles after the legacy storage keys');
          break;
        }
        values.push(r.value);
        offset = nextLoad(r, reading);
        continue;
      }
    } else if (index > 0 && !r.complete && inert) {
      if (mode === 'linear' && !reading.afterFrame) reportTrailing(src, ctx, offset); // not a further pickle: leftover bytes
      break;
    }
    finishStream(r, src, ctx, pending, seen);
    if (!r.complete) break;
    values.push(r.value);
    offset = nextLoad(r, reading);
    if (index === 2 && isLegacyHeader(values)) {
      legacy = true;
      ctx.refineFormat('pytorch-legacy');
      facts(ctx, { legacyMagic: legacyMagic(values[0]) });
    }
    if (legacy && index === 4) {
      const keys = storageKeyCount(r.value);
      facts(ctx, keys === undefined ? { legacyStorageKeys: 'not a list of strings' } : { legacyStorageKeys: keys, legacyStorageBytes: src.size - offset });
    }
  }
  return diverged;
}

/** Where the next pickle.load() of the same file starts. */
function nextLoad(r: MachineResult, reading: CfileReading): number {
  return reading.afterFrame ? r.frameRest ?? r.end : r.end;
}

function finishStream(r: MachineResult, src: ByteSource, ctx: AnalysisContext, pending: Promise<unknown>[] | undefined, seen: Reported): PickleStreamInfo {
  const known = seen.onlyNew ? new Set(r.events.filter((e) => seen.keys.has(eventKey(e)))) : new Set<PickleEvent>();
  const info = reportStream(r, src, ctx, seen);
  const promises = nestedAnalyses(r, src, ctx, known);
  if (pending) pending.push(...promises);
  else for (const p of promises) p.catch(() => undefined);
  return info;
}

/** Payloads handed to loaders, and embedded constants that are pickles with imports. */
function nestedAnalyses(r: MachineResult, src: ByteSource, ctx: AnalysisContext, known: Set<PickleEvent>): Promise<unknown>[] {
  const out: Promise<unknown>[] = [];
  const seen = new Set<Uint8Array>();
  for (const e of r.events) {
    if (e.kind !== 'nested' || known.has(e)) continue;
    seen.add(e.data);
    ctx.report(NESTED_PICKLE, {
      message: `${e.loader} at offset ${e.offset} is handed a constant ${e.data.length}-byte payload (${e.encoding}); it is analysed as a nested ${e.hint ?? 'file'}.`,
      location: bytesAt(src, e.offset),
      evidence: `${e.loader}(<${e.encoding} payload of ${e.data.length} bytes>)`,
    });
    out.push(ctx.analyzeNested(new BufferByteSource(e.data), `<nested pickle @${e.offset}>`, e.hint));
  }
  for (const e of r.events) {
    if (e.kind !== 'embedded' || seen.has(e.data) || known.has(e)) continue;
    const inner = runPickle(new BufferByteSource(e.data), 0, { limits: ctx.limits, joblib: false });
    if (inner.imports.length === 0 && !inner.events.some((x) => x.kind === 'unresolved' || x.kind === 'ext')) continue;
    ctx.report(NESTED_PICKLE, {
      message: `A ${e.data.length}-byte constant at offset ${e.offset} is itself a pickle with imports; it is analysed as a nested pickle.`,
      location: bytesAt(src, e.offset),
      evidence: `embedded pickle: ${inner.imports.slice(0, 3).map((i) => `${i.module}.${i.name}`).join(', ') || 'computed imports'}`,
    });
    out.push(ctx.analyzeNested(new BufferByteSource(e.data), `<nested pickle @${e.offset}>`, 'pickle'));
  }
  for (const child of r.children) out.push(...nestedAnalyses(child, src, ctx, known));
  return out;
}

function reportTrailing(src: ByteSource, ctx: AnalysisContext, offset: number): void {
  ctx.report(TRAILING_DATA, {
    message: `${src.size - offset} bytes follow the end of the pickle at offset ${offset} and do not form another pickle.`,
    location: bytesAt(src, offset, src.size - offset),
    evidence: `${src.size - offset} trailing bytes`,
  });
}

function machineOptions(ctx: AnalysisContext, mode: 'linear' | 'cfile', reading: CfileReading = { threshold: 0 }): MachineOptions {
  const options: MachineOptions = { limits: ctx.limits, timeUp: () => ctx.timeUp(), mode, cfileThreshold: reading.threshold };
  if (reading.peekMask !== undefined) options.cfilePeekMask = reading.peekMask;
  return options;
}

function facts(ctx: AnalysisContext, add: Record<string, string | number | boolean>): void {
  if (ctx.depth > 0) return;
  ctx.summary.facts = { ...ctx.summary.facts, ...add };
}
