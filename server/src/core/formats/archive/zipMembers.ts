// One member of a zip: what it is (by its bytes, never by its name alone), whether it belongs
// in a model archive, and routing to the analyzer of its format one level deeper.
import type { AnalysisContext } from '../../context';
import { detectFormat } from '../../detect';
import { BufferByteSource, type ByteSource } from '../../io/byteSource';
import { TORCHSCRIPT_DANGEROUS_CODE, UNEXPECTED_MEMBER } from '../../rules/archive';
import { formatById } from '../registry';
import { codeExtension, isExpectedTorchMember, nativeKind } from '../torch/layout';
import { analyzeTorchScriptSource } from '../torch/torchscriptCode';
import type { FormatId } from '../types';
import type { ZipMember } from './zip';
import { at, isReadable, memberHead, memberSource } from './zipData';
import { isTensorStorage, relativeToRoot, type Flavour } from './zipFlavour';

const HEAD = 4096;
/** TorchScript sources larger than this are analysed up to here (generated code is small). */
const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

/**
 * The analysable format of some bytes, or undefined. Magic always counts; content sniffing
 * and a pickle-like name count unless `magicOnly` (tensor storages: arbitrary numbers).
 */
export function sniff(head: Uint8Array, name: string, magicOnly = false): FormatId | undefined {
  if (head.length === 0) return undefined;
  const d = detectFormat(new BufferByteSource(head), name);
  if (!formatById(d.format)?.analyze) return undefined;
  if (d.detectedBy === 'magic') return d.format;
  if (magicOnly) return undefined;
  if (d.detectedBy === 'content') return d.format;
  return d.detectedBy === 'extension' && (d.format === 'pickle' || d.format === 'numpy') ? d.format : undefined;
}

export async function analyzeMember(src: ByteSource, m: ZipMember, flavour: Flavour, ctx: AnalysisContext): Promise<FormatId | undefined> {
  if (!isReadable(m)) return undefined;
  const name = m.entry.name;
  const torchy = flavour.format === 'pytorch-zip' || flavour.format === 'torchscript';
  const rel = torchy ? relativeToRoot(name, flavour.roots) : undefined;
  const storage = torchy && isTensorStorage(rel);
  const head = await memberHead(src, m, HEAD, ctx);
  if (flavour.format !== 'zip') checkBelongs(m, head, torchy, rel, storage, ctx);
  if (flavour.format === 'torchscript' && rel !== undefined && /^code\/.+\.py$/.test(rel)) await checkSource(src, m, ctx);
  // torch.load and torch.jit.load unpickle these whatever their first bytes are.
  const loaderPickle = torchy && (rel === 'data.pkl' || rel === 'constants.pkl');
  // Keras reads these two JSON files of a .keras archive whatever their first bytes look like.
  const kerasJson = flavour.format === 'keras-v3' && (name === 'config.json' || name === 'metadata.json');
  const format = loaderPickle ? 'pickle' : kerasJson ? 'keras-config' : sniff(head, name, storage);
  if (!format) return undefined;
  const policy = flavour.format === 'torchscript' ? { policy: { ...ctx.policy, torchScriptArchive: true } } : undefined;
  return ctx.analyzeNested(await memberSource(src, m, ctx), name, format, policy);
}

function checkBelongs(m: ZipMember, head: Uint8Array, torchy: boolean, rel: string | undefined, storage: boolean, ctx: AnalysisContext): void {
  const name = m.entry.name;
  const native = nativeKind(head, storage);
  if (native) {
    ctx.report(UNEXPECTED_MEMBER, {
      message: `Member ${name} is a ${native}; model archives carry no native code.`,
      location: at(m),
      evidence: `${name}: ${native}`,
      severity: 'high',
    });
    return;
  }
  if (!torchy) return;
  if (rel === undefined) {
    ctx.report(UNEXPECTED_MEMBER, { message: `Member ${name} lies outside the checkpoint's root folder; PyTorch never reads it.`, location: at(m), evidence: name });
    return;
  }
  if (isExpectedTorchMember(rel)) return;
  const code = codeExtension(rel);
  ctx.report(UNEXPECTED_MEMBER, {
    message: code ? `Member ${name} is ${code} inside a PyTorch archive, outside its code/ folder.` : `Member ${name} is not part of the PyTorch archive layout.`,
    location: at(m),
    evidence: name,
    ...(code ? { severity: 'high' as const } : {}),
  });
}

async function checkSource(src: ByteSource, m: ZipMember, ctx: AnalysisContext): Promise<void> {
  const member = await memberSource(src, m, ctx);
  const text = Buffer.from(member.read(0, Math.min(member.size, MAX_SOURCE_BYTES))).toString('latin1');
  for (const issue of analyzeTorchScriptSource(text)) {
    const fileOffset = member.fileOffset(issue.offset);
    ctx.report(TORCHSCRIPT_DANGEROUS_CODE, {
      message: `${m.entry.name}, line ${issue.line}: ${issue.message}`,
      location: { kind: 'bytes', offset: issue.offset, members: [...ctx.members, m.entry.name], ...(fileOffset !== undefined ? { fileOffset } : {}) },
      evidence: issue.evidence,
      severity: issue.severity,
    });
  }
}
