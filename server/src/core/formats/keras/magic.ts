// HDF5 signature: at offset 0 (or, for files with a user block, at 512, 1024, 2048... — the
// library searches powers of two; we check the first few within the head bytes).
const SIG = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

export function hasHdf5Magic(head: Uint8Array): boolean {
  for (let at = 0; at + SIG.length <= head.length; at = at === 0 ? 512 : at * 2) {
    if (SIG.every((b, i) => head[at + i] === b)) return true;
  }
  return false;
}
