// code-server (VS Code 1.100 in the browser, with a real Node extension host): located or
// installed offline, started on a free port in a fresh folder, stopped with its process group.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Outside the work tree, so `npm ci` and the VSIX never see it. */
export function codeServerDir(): string {
  return process.env.MSL_CODE_SERVER_DIR ?? path.join(os.homedir(), '.cache', 'model-security-lint', `code-server-${CODE_SERVER_VERSION}`);
}

export function codeServerEntry(): string {
  return path.join(codeServerDir(), 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** The shared recipe next to the repository clone, else the project's copy of it. */
export function installScript(): string {
  const shared = path.resolve(REPO_ROOT, '..', 'shared', 'e2e', 'install-code-server.sh');
  return fs.existsSync(shared) ? shared : path.join(REPO_ROOT, 'test', 'e2e', 'install-code-server.sh');
}

/** Installs code-server when missing (idempotent, ~90 s the first time); throws if it cannot. */
export function ensureCodeServer(): string {
  const entry = codeServerEntry();
  if (fs.existsSync(entry) && fs.existsSync('/usr/bin/chromium')) return entry;
  const script = installScript();
  const r = spawnSync('bash', [script, codeServerDir(), CODE_SERVER_VERSION], { stdio: 'inherit', env: { ...process.env, SKIP_SMOKE: '1' } });
  if (r.status !== 0 || !fs.existsSync(entry)) throw new Error(`code-server could not be installed with ${script} (exit ${r.status})`);
  if (!fs.existsSync('/usr/bin/chromium')) throw new Error('Debian chromium (/usr/bin/chromium) is missing: apt-get install chromium');
  return entry;
}

export interface CodeServerOptions {
  /** Fresh folder for config, user data, extensions and logs. */
  root: string;
  /** false: start without --disable-workspace-trust (Restricted Mode tests). */
  trusted: boolean;
  /** Inherited by the extension host (and so by the test suite). */
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
}

export interface CodeServer {
  port: number;
  baseUrl: string;
  root: string;
  extensionsDir: string;
  logsDir: string;
  stop(): Promise<void>;
}

const COMMON_ARGS = ['--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', '--ignore-last-opened'];

export function extensionsDir(root: string): string {
  return path.join(root, 'ext');
}

/** `code-server --install-extension x.vsix` into the run's own extensions folder. */
export function installVsix(root: string, vsix: string): void {
  const r = spawnSync(process.execPath, [codeServerEntry(), '--config', path.join(root, 'config.yaml'), '--user-data-dir', path.join(root, 'data'),
    '--extensions-dir', extensionsDir(root), '--install-extension', vsix], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

export async function startCodeServer(o: CodeServerOptions): Promise<CodeServer> {
  const userSettings = path.join(o.root, 'data', 'User', 'settings.json');
  fs.mkdirSync(path.dirname(userSettings), { recursive: true });
  fs.writeFileSync(userSettings, JSON.stringify({
    'workbench.startupEditor': 'none',
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'workbench.tips.enabled': false,
    'security.workspace.trust.startupPrompt': 'never',
    ...o.settings,
  }, null, 2));
  const args = [codeServerEntry(), '--config', path.join(o.root, 'config.yaml'), '--bind-addr', '127.0.0.1:0',
    '--user-data-dir', path.join(o.root, 'data'), '--extensions-dir', extensionsDir(o.root), ...COMMON_ARGS];
  if (o.trusted) args.push('--disable-workspace-trust');
  const log = fs.openSync(path.join(o.root, 'code-server.log'), 'w');
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', log, log], env: { ...process.env, ...o.env } });
  fs.closeSync(log);
  const port = await waitForPort(child, path.join(o.root, 'code-server.log'));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl);
  return {
    port,
    baseUrl,
    root: o.root,
    extensionsDir: extensionsDir(o.root),
    logsDir: path.join(o.root, 'data', 'logs'),
    stop: () => stopGroup(child),
  };
}

async function waitForPort(child: ChildProcess, logFile: string): Promise<number> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${fs.readFileSync(logFile, 'utf8')}`);
    const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(fs.readFileSync(logFile, 'utf8'));
    if (m) return Number(m[1]);
    await delay(100);
  }
  throw new Error(`code-server did not start in 60 s:\n${fs.readFileSync(logFile, 'utf8')}`);
}

async function waitForHealth(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await delay(100);
  }
  throw new Error(`${baseUrl}/healthz did not answer`);
}

/** code-server forks an extension host, the language server, a watcher and a pty host: end them all. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
