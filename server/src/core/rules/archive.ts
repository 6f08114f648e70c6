// MSL71x: containers around model payloads (zip archives, compressed streams, .npy files,
// TorchScript code). Structure problems are graded by what an attacker gains from them.
import type { RuleMeta } from './types';

export const ARCHIVE_MALFORMED: RuleMeta = {
  id: 'MSL710',
  name: 'archive-malformed',
  title: 'Malformed or truncated container',
  family: 'model-format',
  severity: 'medium',
  confidence: 'high',
  why: 'A container that does not parse cleanly is damaged or crafted so that different readers see different contents.',
  description:
    'The zip directory, a member header, a compressed stream or a `.npy` header is missing, truncated or inconsistent ' +
    '(for example a directory that holds more records than its end record claims, or an array whose payload is shorter than its shape). ' +
    'Everything that could still be read was analysed; the rest is described in the message.',
  safeAlternative: 'Do not load the file; obtain an intact copy from a trusted source and compare its digest.',
};

export const UNSAFE_MEMBER_NAME: RuleMeta = {
  id: 'MSL711',
  name: 'archive-unsafe-member-name',
  title: 'Archive member name escapes the extraction folder',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: 'A member named with `../`, an absolute path, a drive letter or backslashes can overwrite files outside the folder when the archive is extracted.',
  description:
    'Zip-slip: extraction tools that join member names to a destination folder without normalising them write wherever the name points. ' +
    'Model archives have no reason to contain such names; their presence is a strong sign of a crafted file.',
  safeAlternative: 'Do not extract the archive. If you must, use an extractor that rejects names outside the destination.',
  references: ['https://security.snyk.io/research/zip-slip-vulnerability'],
};

export const DUPLICATE_MEMBER: RuleMeta = {
  id: 'MSL712',
  name: 'archive-duplicate-member',
  title: 'Two archive members share one name',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: 'When two members have the same name, the scanner and the loader may read different ones: a classic way to show a benign pickle to tools and a malicious one to the victim.',
  description:
    'Python\'s `zipfile` resolves a duplicated name to the last entry, PyTorch\'s reader (miniz) to whichever a sorted lookup finds, ' +
    'and other tools to the first. Every copy was analysed; any finding in any copy applies to the file.',
  safeAlternative: 'Do not load the file. Re-create the archive with unique member names from a trusted source.',
};

export const OVERLAPPING_MEMBERS: RuleMeta = {
  id: 'MSL713',
  name: 'archive-overlapping-members',
  title: 'Archive members overlap',
  family: 'model-format',
  severity: 'high',
  confidence: 'high',
  why: 'Members whose data ranges overlap are the building block of non-recursive zip bombs and of archives that show different contents to different readers.',
  description:
    'Each member\'s local header and data should occupy its own range of the file. Overlapping ranges let a small file expand into ' +
    'gigabytes (every member re-reads the same compressed block) or hide one member inside another.',
  safeAlternative: 'Do not extract or load the archive.',
  references: ['https://www.bamsoftware.com/hacks/zipbomb/'],
};

export const COMPRESSION_BOMB: RuleMeta = {
  id: 'MSL714',
  name: 'archive-compression-bomb',
  title: 'Compression ratio of a bomb',
  family: 'model-format',
  severity: 'high',
  confidence: 'medium',
  why: 'A member that expands far beyond any real model data is built to exhaust the memory or disk of the machine that opens it.',
  description:
    'The declared or observed ratio between decompressed and compressed size exceeds `maxCompressionRatio`. Decompression was stopped ' +
    'at the limit, so the rest of that member was not analysed.',
  safeAlternative: 'Do not extract or load the file.',
};

export const MEMBER_NOT_ANALYSED: RuleMeta = {
  id: 'MSL715',
  name: 'archive-member-not-analysed',
  title: 'Container content could not be analysed',
  family: 'model-format',
  severity: 'medium',
  confidence: 'high',
  why: 'An encrypted member or an unsupported compression hides its content from the scanner, and it may still be loaded by other tools.',
  description:
    'The member is encrypted, uses a compression method the scanner does not decode (stored, deflate, bzip2 (12), LZMA (14) and xz (95) are decoded in zip archives; zstd (93), PPMd (98), WinZip AES (99) and others are not), ' +
    'or is named like an LZMA-alone stream but has a header no LZMA decoder accepts. It was recognised and listed, but its content was not checked.',
  safeAlternative: 'Obtain the file in a plain form (stored or deflated zip, gzip, bz2 or xz) and scan it again.',
};

export const LENIENT_ANOMALY: RuleMeta = {
  id: 'MSL716',
  name: 'archive-integrity-anomaly',
  title: 'Archive integrity anomaly tolerated by loaders',
  family: 'model-format',
  severity: 'low',
  confidence: 'medium',
  why: 'Wrong checksums, unusual flag bits or headers that disagree are tolerated by model loaders but make strict scanners skip the file, which attackers exploit.',
  description:
    'PyTorch\'s reader accepts archives that strict zip libraries reject: CRC mismatches, unusual general-purpose flag bits, local headers ' +
    'that disagree with the central directory. The scanner reads them as leniently as the loader does and analyses the content anyway; ' +
    'this finding records the anomaly because genuine writers do not produce it.',
  safeAlternative: 'Treat the file with suspicion; re-create it with a standard writer from a trusted source.',
};

export const EXTRA_BYTES: RuleMeta = {
  id: 'MSL717',
  name: 'archive-extra-bytes',
  title: 'Bytes before or after the container',
  family: 'model-format',
  severity: 'low',
  confidence: 'high',
  why: 'Data outside the container is ignored by some readers and read by others, so it can carry a second payload (for example a pickle that `torch.load` runs instead of the zip).',
  description:
    'The archive does not start at the file\'s first byte, or data follows its end record, or an array file carries bytes after its payload. ' +
    'Readers that locate the directory from the end tolerate this; readers that look at the first bytes see something else. ' +
    'The extra bytes were checked for a pickle or another known format.',
  safeAlternative: 'Strip the extra bytes, or obtain a clean copy of the file.',
};

export const UNEXPECTED_MEMBER: RuleMeta = {
  id: 'MSL718',
  name: 'archive-unexpected-member',
  title: 'Unexpected file inside a model archive',
  family: 'model-format',
  severity: 'medium',
  confidence: 'medium',
  why: 'Executables, native libraries and scripts have no place in a checkpoint and are a way to ship code next to weights.',
  description:
    'PyTorch and TorchScript archives contain `data.pkl`, `constants.pkl`, tensor storages under `data/`, TorchScript sources under `code/`, ' +
    'a few small metadata files and user extra files under `extra/`. This member is none of those: a native executable or library, ' +
    'a script outside `code/`, or another file type that the loader does not use.',
  safeAlternative: 'Inspect the member; remove it or obtain the model without it.',
};

export const TORCHSCRIPT_DANGEROUS_CODE: RuleMeta = {
  id: 'MSL719',
  name: 'torchscript-dangerous-code',
  title: 'TorchScript code calls outside the tensor library',
  family: 'model-format',
  severity: 'high',
  confidence: 'medium',
  why: 'TorchScript sources in the archive are compiled and run by `torch.jit.load`; calls to native custom ops, the OS or dynamic code execution run on the loading machine.',
  description:
    'The `code/` sources of a TorchScript archive normally call only `torch.*` and the standard `torch.ops` namespaces (`aten`, `prim`, `quantized`, ...). ' +
    'This source calls `exec`/`eval`/`__import__`/`open`, the `os` or `subprocess` modules, or a custom operator namespace whose native library ' +
    'must be loaded for the model to run.',
  safeAlternative: 'Do not load the model unless you trust the code and the native operator library it needs; prefer an exported format without code (safetensors, ONNX without custom domains).',
};

export const LINK_MEMBER: RuleMeta = {
  id: 'MSL709',
  name: 'archive-link-member',
  title: 'Archive member is a symbolic or hard link',
  family: 'model-format',
  severity: 'medium',
  confidence: 'high',
  why: 'A link member makes extraction create a link that later writes or reads go through, a classic way to escape the extraction folder.',
  description:
    'Tar archives can hold symbolic and hard links. Extracting a link whose target is absolute or climbs with `..` lets a later member ' +
    '(or the program that reads the extracted model) write or read files outside the destination. Links pointing outside are high; ' +
    'links inside the archive are medium, since model archives have no need for them.',
  safeAlternative: 'Extract with a filter that rejects links (Python `tarfile` with `filter="data"`), or do not extract the archive.',
  references: ['https://peps.python.org/pep-0706/'],
};

export const archiveRules: RuleMeta[] = [
  LINK_MEMBER,
  ARCHIVE_MALFORMED,
  UNSAFE_MEMBER_NAME,
  DUPLICATE_MEMBER,
  OVERLAPPING_MEMBERS,
  COMPRESSION_BOMB,
  MEMBER_NOT_ANALYSED,
  LENIENT_ANOMALY,
  EXTRA_BYTES,
  UNEXPECTED_MEMBER,
  TORCHSCRIPT_DANGEROUS_CODE,
];
