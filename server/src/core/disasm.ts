// Disassembly of every pickle stream in a model file, for `msl disasm` and the editor's
// disassembly view. The streams are found by the ordinary scan (so a pickle hidden in an archive
// member, an .npy object payload or a compressed joblib body is listed too) and rendered by the
// pickle disassembler while the scan still holds their bytes.
import { SliceByteSource } from './io/byteSource';
import { scanFile, type ScanOptions } from './scan';
import { resolveLimits } from './limits';
import { disassemble, formatDisassembly } from './formats/pickle/disassemble';
import type { FormatId } from './formats/types';

export interface DisassembledStream {
  /** Archive member chain of the pickle stream (empty for a plain pickle file). */
  members: string[];
  /** Offset of the stream within its member (or file). */
  offset: number;
  /** The listing, formatted one opcode per line. */
  text: string;
  /** 0-based indices of the lines of `text` that mark a dangerous operation. */
  dangerousLines: number[];
}

export interface ModelDisassembly {
  format: FormatId;
  streams: DisassembledStream[];
  /** Set when the file could not be read or holds no pickle. */
  error?: string;
}

/** Opcode lines per stream; a listing beyond this is truncated (and says so). */
const MAX_LINES_PER_STREAM = 200_000;

export async function disassembleModelFile(filePath: string, options: ScanOptions = {}): Promise<ModelDisassembly> {
  const streams: DisassembledStream[] = [];
  const limits = resolveLimits(options.limits);
  const result = await scanFile(filePath, {
    ...options,
    observer: {
      pickleStream(src, offset, members) {
        const view = offset === 0 ? src : new SliceByteSource(src, offset, src.size - offset);
        const listing = disassemble(view, { limits, maxLines: MAX_LINES_PER_STREAM, ...(options.policy ? { policy: options.policy } : {}) });
        const text = formatDisassembly(listing);
        const dangerousLines: number[] = [];
        listing.lines.forEach((l, i) => { if (l.mark === 'dangerous') dangerousLines.push(i); });
        streams.push({ members: [...members], offset, text, dangerousLines });
      },
    },
  });
  const out: ModelDisassembly = { format: result.format, streams };
  if (result.error) out.error = result.error;
  else if (streams.length === 0) out.error = `no pickle stream in this ${result.format} file`;
  return out;
}
