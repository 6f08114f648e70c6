// Typed results of the safetensors reader. Parsing is pure (bytes in, model + problems out);
// the analyzer turns problems into findings and the model into the summary.
import type { FindingInit } from '../../findings';
import type { RuleMeta } from '../../rules/types';
import type { JsonObject } from '../json/strictJson';

export interface Problem {
  rule: RuleMeta;
  init: FindingInit;
}

export interface SafetensorsTensor {
  name: string;
  dtype: string;
  shape: bigint[];
  /** Offsets relative to the start of the data area (just after the header). */
  begin: bigint;
  end: bigint;
}

export interface SafetensorsHeader {
  /** Declared JSON length (the u64 at offset 0). */
  headerLength: number;
  /** File offset of the data area: 8 + headerLength. */
  dataStart: number;
  tensors: SafetensorsTensor[];
  /** `__metadata__` as parsed (checked separately). */
  metadata?: JsonObject;
  /** Raw `__metadata__` value when it is not an object. */
  metadataNotObject?: boolean;
}

export const tensorPointer = (name: string): string => `tensor:${name}`;
