// `--shard i/n`: splits a scan across machines. A file belongs to shard
// (first 4 bytes of SHA-256 of its `/`-separated path relative to the working directory) mod n,
// so every machine computes the same split without talking to the others, a file always lands in
// the same shard, and adding files moves nothing else.
import { createHash } from 'node:crypto';
import * as path from 'node:path';

export interface Shard {
  /** 1-based, as CI matrices count. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > 10_000 || index < 1 || index > count) return undefined;
  return { index, count };
}

/** The shard (1-based) a path belongs to among `count`. */
export function shardOf(relativePath: string, count: number): number {
  const key = relativePath.split(path.sep).join('/').replace(/^\.\//, '');
  const digest = createHash('sha256').update(key, 'utf8').digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

export function inShard(absolute: string, cwd: string, shard: Shard): boolean {
  if (shard.count === 1) return true;
  return shardOf(path.relative(cwd, absolute), shard.count) === shard.index;
}
