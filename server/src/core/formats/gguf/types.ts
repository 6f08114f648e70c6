// Typed results of the GGUF reader.
import type { FindingInit } from '../../findings';
import type { LimitName } from '../../limits';
import type { RuleMeta } from '../../rules/types';

export interface Problem {
  rule: RuleMeta;
  init: FindingInit;
}

export type GgufScalar = number | bigint | boolean | string;

export interface GgufArray {
  elementType: number;
  count: bigint;
  /** The first few scalar items, for the summary. */
  head: GgufScalar[];
}

export type GgufValue = GgufScalar | GgufArray;

export interface GgufKv {
  key: string;
  type: number;
  value: GgufValue;
  /** File offset of the key's length field. */
  offset: number;
  /** File offset and byte length of a string value's text. */
  textOffset?: number;
  textBytes?: number;
  /** True when a long string value was decoded only in part (summary purposes). */
  clipped?: boolean;
}

export interface GgufTensorInfo {
  name: string;
  dims: bigint[];
  type: number;
  /** Relative to the start of the data section. */
  offset: bigint;
  /** File offset of the tensor info record. */
  infoOffset: number;
}

export interface GgufFile {
  version: number;
  tensorCount: bigint;
  kvCount: bigint;
  kvs: GgufKv[];
  tensors: GgufTensorInfo[];
  alignment: number;
  /** End of the tensor infos and aligned start of the data section, when the header was read to the end. */
  infosEnd?: number;
  dataStart?: number;
}

export interface GgufRead {
  file?: GgufFile;
  problems: Problem[];
  limit?: { name: LimitName; offset: number; detail: string };
}

export const isArrayValue = (v: GgufValue): v is GgufArray => typeof v === 'object' && v !== null;
