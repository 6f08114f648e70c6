// PLACEHOLDER (the lead implements this once the pickle disassembler and zip reader land).
import type { FormatId } from './formats/types';

export interface DisassembledStream {
  /** Archive member chain of the pickle stream (empty for a plain pickle file). */
  members: string[];
  /** Offset of the stream within its member (or file). */
  offset: number;
  /** The listing, formatted one opcode per line. */
  text: string;
  dangerousLines: number[];
}

export interface ModelDisassembly {
  format: FormatId;
  streams: DisassembledStream[];
  /** Set when the file could not be read or holds no pickle. */
  error?: string;
}

export async function disassembleModelFile(_filePath: string): Promise<ModelDisassembly> {
  return { format: 'unknown', streams: [] };
}
