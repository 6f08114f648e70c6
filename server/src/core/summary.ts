// Structural facts about a scanned file, for the report view and JSON output.
import type { FormatId } from './formats/types';

export interface ArchiveMemberInfo {
  name: string;
  /** Uncompressed size as declared by the archive. */
  size: number;
  compressedSize: number;
  /** Compression method (zip: 0 stored, 8 deflate...). */
  method: number;
  /** Offset of the member's local header in its archive. */
  offset: number;
  /** Format of the member when it was routed to an analyzer. */
  format?: FormatId;
}

export interface PickleImport {
  module: string;
  name: string;
  /** Byte offset of the opcode that resolved it, within the stream's source. */
  offset: number;
  verdict: 'allowed' | 'unknown' | 'dangerous';
}

export interface PickleStreamInfo {
  /** Archive member chain, when the stream is inside an archive. */
  members?: string[];
  /** Offset of the stream's first byte within its source. */
  offset: number;
  protocol: number;
  opcodes: number;
  imports: PickleImport[];
  /** Parsed to STOP without errors. */
  complete: boolean;
}

export interface ModelSummary {
  members?: ArchiveMemberInfo[];
  pickles?: PickleStreamInfo[];
  /** Free-form facts (format version, tensor count...). */
  facts?: Record<string, string | number | boolean>;
}
