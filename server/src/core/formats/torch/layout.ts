// What belongs in a PyTorch or TorchScript archive, and what does not.

/** Member paths (relative to the archive root) that torch.save / torch.jit.save write. */
const EXPECTED: readonly RegExp[] = [
  /^data\.pkl$/,
  /^constants\.pkl$/,
  /^version$/,
  /^\.data\/version$/,
  /^\.data\/serialization_id$/,
  /^serialization_id$/,
  /^byteorder$/,
  /^\.format_version$/,
  /^\.storage_alignment$/,
  /^data\/[^/]+$/,
  /^constants\/[^/]+$/,
  /^code\/.+\.py$/,
  /^code\/.+\.py\.debug_pkl$/,
  /^code\/.+\.pkl$/,
  /^extra\/.+$/,
  /^\.data\/.+$/,
];

/** Magic numbers of native executables and libraries. */
const NATIVE: readonly { name: string; magic: readonly number[] }[] = [
  { name: 'ELF executable or shared library', magic: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'Mach-O binary', magic: [0xcf, 0xfa, 0xed, 0xfe] },
  { name: 'Mach-O binary', magic: [0xce, 0xfa, 0xed, 0xfe] },
  { name: 'Mach-O universal binary', magic: [0xca, 0xfe, 0xba, 0xbe] },
];

const CODE_EXTENSIONS = /\.(so|dll|dylib|exe|bat|cmd|ps1|sh|py|pyc|pyd|pyo|js|jar|whl)$/i;

export function isExpectedTorchMember(rel: string): boolean {
  return EXPECTED.some((re) => re.test(rel));
}

/**
 * A description of native or script content by its first bytes, or undefined. Two-byte
 * signatures are checked further (PE's header pointer) or only outside tensor storages
 * (a shebang), where arbitrary numbers could start with them.
 */
export function nativeKind(head: Uint8Array, tensorStorage: boolean): string | undefined {
  for (const n of NATIVE) if (n.magic.every((b, i) => head[i] === b)) return n.name;
  if (head[0] === 0x4d && head[1] === 0x5a && head.length >= 0x40) {
    const pe = head[0x3c]! | (head[0x3d]! << 8) | (head[0x3e]! << 16);
    if (pe + 4 <= head.length && head[pe] === 0x50 && head[pe + 1] === 0x45 && head[pe + 2] === 0 && head[pe + 3] === 0) return 'Windows PE executable or DLL';
  }
  if (!tensorStorage && head[0] === 0x23 && head[1] === 0x21) return 'script with a #! interpreter line';
  return undefined;
}

/** A description of a code-bearing extension outside `code/`, or undefined. */
export function codeExtension(rel: string): string | undefined {
  if (/^code\//.test(rel) && /\.py$/.test(rel)) return undefined;
  const m = CODE_EXTENSIONS.exec(rel);
  return m ? `a .${m[1]!.toLowerCase()} file` : undefined;
}
