// Legacy PyTorch checkpoints (torch.save(..., _use_new_zipfile_serialization=False)) are five
// pickles in a row: magic number, protocol version, system info, the object, and the sorted list
// of storage keys, followed by raw storage bytes that are not pickle at all.
import { asInt, isObj, type PyValue } from './values';

export const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
export const LEGACY_PROTOCOL_VERSION = 1001;

export type LegacyMagic = 'literal' | 'computed' | 'none';

/** torch compares the first pickle's value with the magic number; a call result may equal it at load time. */
export function legacyMagic(v: PyValue | undefined): LegacyMagic {
  if (v === LEGACY_MAGIC) return 'literal';
  return isObj(v) && (v.t === 'call' || v.t === 'opaque' || v.t === 'global') ? 'computed' : 'none';
}

/** The three header pickles (magic, version, sys info) as torch's legacy loader expects them. */
export function isLegacyHeader(values: readonly (PyValue | undefined)[]): boolean {
  if (values.length < 3) return false;
  const magic = legacyMagic(values[0]);
  if (magic === 'none') return false;
  const version = values[1];
  const versionOk = asInt(version) === LEGACY_PROTOCOL_VERSION || (isObj(version) && version.t === 'call');
  const sysInfo = values[2];
  const sysInfoOk = isObj(sysInfo) && (sysInfo.t === 'dict' || sysInfo.t === 'call');
  return versionOk && sysInfoOk && (magic === 'literal' || asInt(version) === LEGACY_PROTOCOL_VERSION || sysInfoOk);
}

/** Number of storage keys in the last pickle, when it is the expected list of strings. */
export function storageKeyCount(v: PyValue | undefined): number | undefined {
  if (!isObj(v) || v.t !== 'list') return undefined;
  return v.items.every((k) => typeof k === 'string') ? v.len : undefined;
}
