// GGUF v1–v3 header reader: magic, version, counts, metadata key/values of every type (arrays,
// nested arrays) and tensor infos. Every count and length is checked against the bytes that remain
// before anything is read or allocated from it; string arrays are skipped, not decoded.
import type { ByteSource } from '../../io/byteSource';
import { DUPLICATE_HEADER_KEY } from '../../rules/safetensors';
import { GGUF_COUNT_EXCEEDS_FILE, GGUF_MALFORMED } from '../../rules/gguf';
import { DEFAULT_ALIGNMENT, T_ARRAY, T_STRING, fixedSize, valueTypeName } from './constants';
import { Cursor, Truncated } from './cursor';
import type { GgufArray, GgufFile, GgufKv, GgufRead, GgufTensorInfo, GgufValue, Problem } from './types';

export interface ReadOptions {
  maxHeaderBytes: number;
  maxNestingDepth: number;
  timeUp?: () => boolean;
}

/** Scalar string values longer than this are decoded in part (chat templates always in full). */
const SUMMARY_STRING_BYTES = 64 * 1024;
const ARRAY_HEAD_ITEMS = 8;

export const isTemplateKey = (key: string): boolean => key === 'tokenizer.chat_template' || key.startsWith('tokenizer.chat_template.');

/** Thrown inside the reader to stop at a problem already recorded. */
class Stop extends Error {}

export function readGguf(src: ByteSource, options: ReadOptions): GgufRead {
  return new Reader(src, options).run();
}

class Reader {
  private readonly c: Cursor;
  private readonly problems: Problem[] = [];
  private limit: GgufRead['limit'];
  private wide = true; // v2+: u64 counts and lengths
  private file: GgufFile | undefined;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly lenient = new TextDecoder('utf-8');

  constructor(src: ByteSource, private readonly options: ReadOptions) {
    this.c = new Cursor(src);
  }

  run(): GgufRead {
    try {
      this.header();
    } catch (e) {
      if (e instanceof Truncated) {
        const message = `The header ends early: ${e.wanted} more byte(s) needed at offset ${e.offset}, file size ${this.c.size}.`;
        this.problems.push({ rule: GGUF_MALFORMED, init: { message, location: { kind: 'bytes', offset: e.offset } } });
      } else if (!(e instanceof Stop)) throw e;
    }
    return { file: this.file, problems: this.problems, limit: this.limit };
  }

  private header(): void {
    const c = this.c;
    if (c.size < 8 || c.u32() !== 0x46554747) return this.malformed('The file does not start with the GGUF magic.', 0);
    const version = c.u32();
    if (version < 1 || version > 3) {
      const hint = version > 0xffff ? ' (a big-endian GGUF file, which this reader does not analyse)' : '';
      return this.malformed(`Unsupported GGUF version ${version}${hint}.`, 4);
    }
    this.wide = version >= 2;
    const tensorCount = this.count();
    const kvCount = this.count();
    const file: GgufFile = { version, tensorCount, kvCount, kvs: [], tensors: [], alignment: DEFAULT_ALIGNMENT };
    this.file = file;
    const minKv = (this.wide ? 8 : 4) + 4 + 1;
    const minTensor = (this.wide ? 8 : 4) + 4 + 4 + 8;
    const need = kvCount * BigInt(minKv) + tensorCount * BigInt(minTensor);
    if (need > BigInt(c.remaining())) {
      this.exceeds(`${kvCount} key/value pair(s) and ${tensorCount} tensor info(s) need at least ${need} bytes; ${c.remaining()} remain.`, 8, `tensors=${tensorCount} kvs=${kvCount}`);
    }
    const keys = new Set<string>();
    for (let i = 0n; i < kvCount; i++) {
      this.checkBudget();
      const kv = this.keyValue();
      if (keys.has(kv.key)) this.duplicate(`The metadata key "${kv.key}" appears more than once; readers disagree on which value wins.`, kv.offset, kv.key);
      keys.add(kv.key);
      file.kvs.push(kv);
    }
    for (let i = 0n; i < tensorCount; i++) {
      this.checkBudget();
      file.tensors.push(this.tensorInfo());
    }
    file.infosEnd = c.pos;
    file.alignment = this.alignment(file.kvs);
    file.dataStart = Math.ceil(c.pos / file.alignment) * file.alignment;
  }

  private count(): bigint {
    return this.wide ? this.c.u64() : BigInt(this.c.u32());
  }

  private checkBudget(): void {
    if (this.c.pos > this.options.maxHeaderBytes) {
      this.limit = { name: 'maxHeaderBytes', offset: this.c.pos, detail: 'the GGUF metadata and tensor infos are larger than the limit' };
      throw new Stop();
    }
    if (this.options.timeUp?.()) {
      this.limit = { name: 'maxWallTimeMs', offset: this.c.pos, detail: 'while reading the GGUF header' };
      throw new Stop();
    }
  }

  /** Reads a string length and checks it against the file before reading anything. */
  private stringLength(what: string): number {
    const at = this.c.pos;
    const n = this.count();
    if (n > BigInt(this.c.remaining())) this.exceeds(`The length of ${what} (${n} bytes) exceeds the ${this.c.remaining()} bytes that remain.`, at, `length ${n}`);
    if (this.c.pos + Number(n) > this.options.maxHeaderBytes) {
      this.limit = { name: 'maxHeaderBytes', offset: at, detail: `${what} is ${n} bytes` };
      throw new Stop();
    }
    return Number(n);
  }

  private text(bytes: Uint8Array, at: number, what: string): string {
    try {
      return this.decoder.decode(bytes);
    } catch {
      this.problems.push({ rule: GGUF_MALFORMED, init: { message: `${what} is not valid UTF-8.`, location: { kind: 'bytes', offset: at, length: bytes.length } } });
      return this.lenient.decode(bytes);
    }
  }

  private keyValue(): GgufKv {
    const offset = this.c.pos;
    const keyLen = this.stringLength(`the key at offset ${offset}`);
    const key = this.text(this.c.bytes(keyLen), offset, `The key at offset ${offset}`);
    const type = this.c.u32();
    const kv: GgufKv = { key, type, value: 0, offset };
    if (type === T_STRING) {
      const lenAt = this.c.pos;
      const n = this.stringLength(`the value of "${key}"`);
      kv.textOffset = this.c.pos;
      kv.textBytes = n;
      if (isTemplateKey(key) || n <= SUMMARY_STRING_BYTES) {
        kv.value = this.text(this.c.bytes(n), lenAt, `The value of "${key}"`);
      } else {
        kv.value = this.lenient.decode(this.c.bytes(SUMMARY_STRING_BYTES));
        kv.clipped = true;
        this.c.skip(n - SUMMARY_STRING_BYTES);
      }
      return kv;
    }
    kv.value = this.value(type, key, 0);
    return kv;
  }

  private value(type: number, key: string, depth: number): GgufValue {
    const at = this.c.pos;
    if (type === T_ARRAY) return this.array(key, depth);
    if (fixedSize(type) === undefined) return this.malformed(`The value of "${key}" has the unknown type ${type}.`, at - 4);
    const v = this.c.scalar(type);
    if (type !== 7) return v;
    if (v !== 0 && v !== 1) this.problems.push({ rule: GGUF_MALFORMED, init: { message: `The boolean "${key}" holds ${v}, not 0 or 1.`, location: { kind: 'bytes', offset: at, length: 1 } } });
    return v !== 0;
  }

  private array(key: string, depth: number): GgufArray {
    const c = this.c;
    if (depth >= this.options.maxNestingDepth) {
      this.limit = { name: 'maxNestingDepth', offset: c.pos, detail: `arrays nested in "${key}"` };
      throw new Stop();
    }
    const typeAt = c.pos;
    const elementType = c.u32();
    const count = this.count();
    const fixed = fixedSize(elementType);
    if (fixed === undefined && elementType !== T_STRING && elementType !== T_ARRAY) {
      return this.malformed(`The array "${key}" has the unknown element type ${elementType}.`, typeAt);
    }
    const minItem = fixed ?? (elementType === T_STRING ? (this.wide ? 8 : 4) : 4 + (this.wide ? 8 : 4));
    if (count * BigInt(minItem) > BigInt(c.remaining())) {
      this.exceeds(`The array "${key}" declares ${count} ${valueTypeName(elementType)} item(s), at least ${count * BigInt(minItem)} bytes; ${c.remaining()} remain.`, typeAt, `count ${count}`);
    }
    const out: GgufArray = { elementType, count, head: [] };
    const n = Number(count);
    const shown = Math.min(n, ARRAY_HEAD_ITEMS);
    if (fixed !== undefined) {
      for (let i = 0; i < shown; i++) {
        const v = c.scalar(elementType);
        out.head.push(elementType === 7 ? v !== 0 : v);
      }
      c.skip((n - shown) * fixed);
      return out;
    }
    for (let i = 0; i < n; i++) {
      if ((i & 0xffff) === 0xffff) this.checkBudget();
      if (elementType === T_ARRAY) {
        this.array(key, depth + 1);
        continue;
      }
      const len = this.stringLength(`a string in "${key}"`);
      if (i < shown) out.head.push(this.lenient.decode(c.bytes(Math.min(len, 256))));
      c.skip(i < shown ? len - Math.min(len, 256) : len);
    }
    return out;
  }

  private tensorInfo(): GgufTensorInfo {
    const c = this.c;
    const infoOffset = c.pos;
    const nameLen = this.stringLength(`the tensor name at offset ${infoOffset}`);
    const name = this.text(c.bytes(nameLen), infoOffset, `The tensor name at offset ${infoOffset}`);
    const nDimsAt = c.pos;
    const nDims = c.u32();
    const dimBytes = this.wide ? 8 : 4;
    if (nDims * dimBytes > c.remaining()) this.exceeds(`Tensor "${name}" declares ${nDims} dimensions, more than the file can hold.`, nDimsAt, `n_dims ${nDims}`);
    const dims: bigint[] = [];
    for (let i = 0; i < nDims; i++) dims.push(this.wide ? c.u64() : BigInt(c.u32()));
    const type = c.u32();
    const offset = c.u64();
    return { name, dims, type, offset, infoOffset };
  }

  private alignment(kvs: readonly GgufKv[]): number {
    const kv = kvs.find((k) => k.key === 'general.alignment');
    if (!kv) return DEFAULT_ALIGNMENT;
    const v = typeof kv.value === 'bigint' ? Number(kv.value) : kv.value;
    const ok = kv.type === 4 && typeof v === 'number' && v > 0 && (v & (v - 1)) === 0;
    if (ok) return v;
    this.problems.push({
      rule: GGUF_MALFORMED,
      init: { message: `general.alignment must be a power-of-two u32; it is ${String(v)} (${valueTypeName(kv.type)}). The default of ${DEFAULT_ALIGNMENT} was assumed.`, location: { kind: 'bytes', offset: kv.offset }, evidence: `general.alignment=${String(v)}` },
    });
    return DEFAULT_ALIGNMENT;
  }

  private malformed(message: string, offset: number): never {
    this.problems.push({ rule: GGUF_MALFORMED, init: { message, location: { kind: 'bytes', offset } } });
    throw new Stop();
  }

  private exceeds(message: string, offset: number, evidence: string): never {
    this.problems.push({ rule: GGUF_COUNT_EXCEEDS_FILE, init: { message: `${message} Parsing stopped here.`, location: { kind: 'bytes', offset }, evidence } });
    throw new Stop();
  }

  private duplicate(message: string, offset: number, key: string): void {
    this.problems.push({ rule: DUPLICATE_HEADER_KEY, init: { message, location: { kind: 'bytes', offset }, evidence: key } });
  }
}
