// Temporary git repositories for the pull-request tests: git is run with argument arrays, with a
// fixed identity and no global or system configuration.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir, writeFiles } from './fixtures';

export const GIT_ENV = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
};

export class TempRepo {
  readonly dir: string;

  constructor(prefix = 'msl-git-') {
    this.dir = tempDir(prefix);
    this.git('init', '-q', '-b', 'main');
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' });
  }

  write(files: Record<string, Uint8Array | string>): this {
    writeFiles(this.dir, files);
    return this;
  }

  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** Stores `content` as a Git LFS object and returns the pointer text (no git-lfs needed). */
  lfsObject(content: Uint8Array): string {
    const oid = createHash('sha256').update(content).digest('hex');
    const dir = path.join(this.dir, '.git', 'lfs', 'objects', oid.slice(0, 2), oid.slice(2, 4));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, oid), content);
    return lfsPointer(content);
  }
}

export function lfsPointer(content: Uint8Array): string {
  const oid = createHash('sha256').update(content).digest('hex');
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${content.length}\n`;
}

export function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
