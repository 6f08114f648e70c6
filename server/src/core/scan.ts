// The engine's entry points: bytes in, findings out. No editor imports, no writes, no network.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BufferByteSource, FileByteSource, type ByteSource } from './io/byteSource';
import { createContext, type AnalysisContext, type ScanObserver, type ScanState } from './context';
import { compareFindings, createFinding, type Finding } from './findings';
import { resolveLimits, type LimitName, type ScanLimits } from './limits';
import { detectFormat, isMismatch, type Detection } from './detect';
import { formatById } from './formats/registry';
import type { DetectedBy, FormatId } from './formats/types';
import type { ModelSummary } from './summary';
import type { PolicyOptions } from './policy/types';
import { INTERNAL_ERROR, NOT_SCANNED, UNREADABLE } from './rules/scanner';
import { FORMAT_MISMATCH, NOT_ANALYSED, UNRECOGNISED_FORMAT } from './rules/modelFormat';
import { analyzePythonSource, type PythonAnalysisOptions } from './python/analyze';
import { analyzeNotebook } from './python/notebook';
import { isSavedModelPath, savedModelFolderFindings } from './formats/tensorflow/folder';

export interface ScanOptions {
  limits?: Partial<ScanLimits>;
  /** Project policy for content checks (pickle allowlist extensions). */
  policy?: PolicyOptions;
  /** Callbacks that see the scan's intermediate results (used by the disassembly view). */
  observer?: ScanObserver;
  /** Files larger than this are listed with an MSL004 finding instead of being scanned. */
  maxFileBytes?: number;
  /** Options for Python scripts (e.g. the manifest's Hub pins, for MSL831/MSL832). */
  python?: PythonAnalysisOptions;
}

export interface ScanResult {
  /** The path as given by the caller. */
  path: string;
  format: FormatId;
  detectedBy: DetectedBy;
  /** Size in bytes (0 when the file could not be read). */
  size: number;
  findings: Finding[];
  summary: ModelSummary;
  limitsHit: LimitName[];
  timings: { totalMs: number };
  /** Set when the file could not be read at all. */
  error?: string;
}

export async function scanFile(filePath: string, options: ScanOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  let src: FileByteSource;
  try {
    src = FileByteSource.open(filePath);
  } catch (e) {
    return unreadable(filePath, e, started);
  }
  try {
    if (options.maxFileBytes !== undefined && src.size > options.maxFileBytes) {
      return skipped(filePath, src.size, options.maxFileBytes, started);
    }
    const result = await scanSource(src, path.basename(filePath), options, filePath);
    if (result.format === 'python' || result.format === 'notebook') {
      const text = Buffer.from(src.read(0, src.size)).toString('utf8');
      result.findings.push(...(result.format === 'python' ? await analyzePythonSource(text, options.python) : (await analyzeNotebook(text, options.python)).findings));
      result.findings.sort(compareFindings);
    }
    if (result.format === 'tf-savedmodel' && isSavedModelPath(filePath)) {
      // Needs the path, not just bytes: list (never read) the folders next to saved_model.pb.
      result.findings.push(...savedModelFolderFindings(filePath));
      result.findings.sort(compareFindings);
    }
    result.timings.totalMs = performance.now() - started;
    return result;
  } finally {
    src.close();
  }
}

/** Scans bytes already in memory (tests, editors' unsaved buffers of binary files). */
export function scanBytes(bytes: Uint8Array, fileName: string, options: ScanOptions = {}): Promise<ScanResult> {
  return scanSource(new BufferByteSource(bytes, 0), fileName, options, fileName);
}

/** Scan of a binary source; text formats get only detection here (scanFile analyses scripts). */
export async function scanSource(src: ByteSource, fileName: string, options: ScanOptions, displayPath: string): Promise<ScanResult> {
  const started = performance.now();
  const limits = resolveLimits(options.limits);
  const detection = detectFormat(src, fileName);
  const state: ScanState = {
    findings: [],
    summary: {},
    limitsHit: new Set(),
    deadline: Date.now() + limits.maxWallTimeMs,
    decompressedBytes: 0,
    format: detection.format,
    ...(options.observer ? { observer: options.observer } : {}),
  };
  const ctx = createContext(state, limits, options.policy ?? {}, [], 0, route);
  await runAnalyzer(src, ctx, detection.format);
  reportFormatFacts(ctx, detection, state.format, fileName);
  return {
    path: displayPath,
    format: state.format,
    detectedBy: detection.detectedBy,
    size: src.size,
    findings: state.findings.sort(compareFindings),
    summary: state.summary,
    limitsHit: [...state.limitsHit],
    timings: { totalMs: performance.now() - started },
  };
}

/** Routing of contained files: the same detection, one level deeper. */
async function route(src: ByteSource, ctx: AnalysisContext, memberName: string, hint?: FormatId): Promise<FormatId> {
  const format = hint ?? detectFormat(src, memberName).format;
  await runAnalyzer(src, ctx, format);
  return format;
}

async function runAnalyzer(src: ByteSource, ctx: AnalysisContext, format: FormatId): Promise<void> {
  const analyze = formatById(format)?.analyze;
  if (!analyze) return;
  try {
    await analyze(src, ctx);
  } catch (e) {
    // Parsers never throw on bad input by contract; reaching here is a bug, reported, not hidden.
    ctx.report(INTERNAL_ERROR, {
      message: `The ${format} analyzer failed: ${errorText(e)}. Part of the file was not analysed.`,
      location: { kind: 'file' },
      evidence: e instanceof Error && e.stack ? e.stack.split('\n').slice(0, 4).join('\n') : errorText(e),
    });
  }
}

function reportFormatFacts(ctx: AnalysisContext, d: Detection, finalFormat: FormatId, fileName: string): void {
  if (isMismatch(d, finalFormat)) {
    const claimedLabel = formatById(d.claimed!)?.label ?? d.claimed!;
    const realLabel = formatById(finalFormat)?.label ?? finalFormat;
    ctx.report(FORMAT_MISMATCH, {
      message: `${fileName} is named like a ${claimedLabel} file but its content is a ${realLabel}.`,
      location: { kind: 'bytes', offset: 0, length: 4 },
      evidence: `extension ${path.extname(fileName)}, content ${finalFormat} (by ${d.detectedBy})`,
    });
  }
  // An analyzer that refined the format (zip -> pytorch-zip, pickle -> pytorch-legacy) has run.
  if (finalFormat !== d.format) return;
  const def = formatById(finalFormat);
  if (finalFormat === 'python' || finalFormat === 'notebook' || def?.analyze) return;
  const label = def?.label ?? finalFormat;
  if (finalFormat === 'unknown') {
    ctx.report(UNRECOGNISED_FORMAT, { message: `The format of ${fileName} was not recognised; no content checks ran.`, location: { kind: 'file' } });
  } else if (d.detectedBy === 'extension') {
    ctx.report(UNRECOGNISED_FORMAT, {
      message: `${fileName} is named like a ${label} file, but its content matched no known signature; no content checks ran.`,
      location: { kind: 'file' },
    });
  } else {
    ctx.report(NOT_ANALYSED, { message: `${fileName} is a ${label} file; this version does not analyse its content.`, location: { kind: 'file' } });
  }
}

function unreadable(filePath: string, e: unknown, started: number): ScanResult {
  const message = errorText(e);
  const finding = createFinding(UNREADABLE, { message: `Could not read ${filePath}: ${message}`, location: { kind: 'file' } });
  return {
    path: filePath, format: 'unknown', detectedBy: 'none', size: 0, findings: [finding], summary: {},
    limitsHit: [], timings: { totalMs: performance.now() - started }, error: message,
  };
}

function skipped(filePath: string, size: number, max: number, started: number): ScanResult {
  const finding = createFinding(NOT_SCANNED, {
    message: `Not scanned: ${size} bytes is over the configured maximum of ${max} bytes (maxFileSizeMB).`,
    location: { kind: 'file' },
  });
  return {
    path: filePath, format: 'unknown', detectedBy: 'none', size, findings: [finding], summary: {},
    limitsHit: [], timings: { totalMs: performance.now() - started },
  };
}

function errorText(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const code = e instanceof Error ? (e as NodeJS.ErrnoException).code : undefined;
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}

/** Re-exported for callers that only need to know whether a path exists as a file. */
export function isRegularFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
