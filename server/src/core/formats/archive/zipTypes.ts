// Zip structures as this reader sees them. Field layouts are from the PKWARE APPNOTE.
import type { FindingInit } from '../../findings';
import type { LimitName } from '../../limits';
import type { RuleMeta } from '../../rules/types';

export const SIG_LOCAL = 0x04034b50;
export const SIG_CENTRAL = 0x02014b50;
export const SIG_EOCD = 0x06054b50;
export const SIG_ZIP64_EOCD = 0x06064b50;
export const SIG_ZIP64_LOCATOR = 0x07064b50;

export const LOCAL_HEADER_SIZE = 30;
export const CENTRAL_HEADER_SIZE = 46;
export const EOCD_SIZE = 22;
export const ZIP64_LOCATOR_SIZE = 20;
export const ZIP64_EOCD_SIZE = 56;
export const MAX_COMMENT = 0xffff;

export const METHOD_STORED = 0;
export const METHOD_DEFLATE = 8;
export const METHOD_BZIP2 = 12;
export const METHOD_LZMA = 14;
/** APPNOTE 4.4.5: the member's data is one complete .xz stream (libzip and libarchive read it; Python's zipfile does not). */
export const METHOD_XZ = 95;
/** Methods whose content is decoded and analysed; other methods are reported as not analysed. */
export const DECODED_METHODS: ReadonlySet<number> = new Set([METHOD_STORED, METHOD_DEFLATE, METHOD_BZIP2, METHOD_LZMA, METHOD_XZ]);

export const FLAG_ENCRYPTED = 0x0001;
/** With method 14: the LZMA stream ends with an end-of-stream marker. */
export const FLAG_LZMA_EOS = 0x0002;
export const FLAG_DATA_DESCRIPTOR = 0x0008;
export const FLAG_STRONG_ENCRYPTION = 0x0040;
export const FLAG_UTF8 = 0x0800;
/** Bits genuine writers set: encryption aside, deflate options (1, 2), descriptor (3), UTF-8 (11). */
export const ORDINARY_FLAGS = 0x0001 | 0x0002 | 0x0004 | 0x0008 | 0x0800;

/** One central-directory record, with offsets already shifted by the archive's start delta. */
export interface ZipEntry {
  /** Position in the central directory (0-based). */
  index: number;
  name: string;
  /** General-purpose bit flags. */
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Absolute offset of the local header in the source (CD value + start delta). */
  localHeaderOffset: number;
  /** Offset of this record in the source, for locations. */
  centralOffset: number;
  isDirectory: boolean;
}

/** Where a member's bytes are, after reading its local header. */
export interface ZipDataRange {
  /** Absolute offset of the first data byte. */
  start: number;
  /** Compressed length (from the central directory, as readers use). */
  length: number;
  /** Name in the local header, when it differs from the central one. */
  localName?: string;
}

/** Something the pure reader noticed; the analyzer turns it into a finding. */
export interface ZipProblem {
  rule: RuleMeta;
  init: FindingInit;
}

export interface ZipLimitHit {
  limit: LimitName;
  offset: number;
  detail: string;
}

export interface ZipDirectory {
  entries: ZipEntry[];
  /** Bytes before the archive start (prepended data); 0 for a normal archive. */
  startDelta: number;
  /** Absolute offset of the end-of-central-directory record. */
  eocdOffset: number;
  /** First byte after the end record and its comment. */
  end: number;
  /** Absolute offset where the central directory was read from. */
  centralOffset: number;
  zip64: boolean;
  problems: ZipProblem[];
  limitHits: ZipLimitHit[];
}
