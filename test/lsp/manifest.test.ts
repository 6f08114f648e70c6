// package.json must mirror the shared definitions in server/src/protocol: settings (keys, types,
// defaults), commands (both ways), menus, activation events; and those must cover the engine.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, normalizeSettings, SETTINGS_SECTION } from '../../server/src/protocol/settings';
import { walkOptions } from '../../server/src/lsp/fileFilter';
import { ALL_COMMANDS, COMMAND_CATEGORY } from '../../server/src/protocol/commands';
import {
  globForExtensions,
  MODEL_FILE_EXTENSIONS,
  REPORT_DEFAULT_EXTENSIONS,
  REPORT_OPTION_EXTENSIONS,
  REPORT_VIEW_TYPES,
  reportViewTypeFor,
  SCANNABLE_EXTENSIONS_CONTEXT,
  scannableExtensions,
} from '../../server/src/protocol/modelFiles';
import { DEFAULT_EXCLUDE, defaultInclude } from '../../server/src/core/workspace/walk';
import { modelExtensions } from '../../server/src/core/formats/registry';
import { REPO_ROOT } from './helpers/bundle';

interface Manifest {
  main: string;
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string } };
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { title: string; properties: Record<string, { type: string; default: unknown; scope?: string; markdownDescription?: string; description?: string; enum?: string[] }> };
    languages: { id: string }[];
    grammars: { language: string; scopeName: string; path: string }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

/** `{a: {b: 1}}` -> `{'a.b': 1}`: arrays and scalars are leaves. */
function flatten(o: object, prefix: string, out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(o)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) flatten(v, `${prefix}${k}.`, out);
    else out[`${prefix}${k}`] = v;
  }
  return out;
}

function jsonType(v: unknown): string {
  return Array.isArray(v) ? 'array' : typeof v;
}

describe('package.json manifest', () => {
  const properties = manifest.contributes.configuration.properties;
  const defaults = flatten(DEFAULT_SETTINGS, `${SETTINGS_SECTION}.`);

  it('contributes exactly the settings of DEFAULT_SETTINGS, with the same types and defaults', () => {
    assert.equal(manifest.contributes.configuration.title, 'Model Security Lint');
    assert.deepEqual(Object.keys(properties).sort(), Object.keys(defaults).sort());
    for (const [key, value] of Object.entries(defaults)) {
      const p = properties[key]!;
      assert.equal(p.type, jsonType(value), `${key} type`);
      assert.deepEqual(p.default, value, `${key} default`);
      assert.ok((p.markdownDescription ?? p.description ?? '').length > 20, `${key} is described`);
      assert.ok(p.scope === 'resource' || key === 'msl.trace.server', `${key} is resource-scoped`);
    }
    assert.deepEqual(properties['msl.trace.server']!.enum, ['off', 'messages', 'verbose']);
  });

  it('contributes every command of the table and no other', () => {
    const contributed = manifest.contributes.commands.map((c) => ({ id: c.command, title: c.title, category: c.category }));
    const table = ALL_COMMANDS.map((c) => ({ id: c.id, title: c.title, category: COMMAND_CATEGORY }));
    assert.deepEqual(contributed.sort((a, b) => a.id.localeCompare(b.id)), table.sort((a, b) => a.id.localeCompare(b.id)));
  });

  it('menus only name contributed commands, and the explorer menu covers every model extension', () => {
    const ids = new Set(ALL_COMMANDS.map((c) => c.id));
    for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
      for (const item of items) assert.ok(ids.has(item.command), `${menu}: ${item.command}`);
    }
    const explorer = manifest.contributes.menus['explorer/context']!.find((m) => m.command === 'msl.scanFile')!;
    // The client sets the context key from the shared list, so the menu needs no list of its own.
    assert.equal(explorer.when, `resourceScheme == file && resourceExtname in ${SCANNABLE_EXTENSIONS_CONTEXT}`);
    const scannable = scannableExtensions();
    for (const ext of [...MODEL_FILE_EXTENSIONS, 'py']) assert.ok(scannable.includes(`.${ext}`), `Scan This File offered for .${ext}`);
  });

  it('activates on Python and on workspaces containing model files', () => {
    assert.deepEqual(manifest.activationEvents, [
      'onLanguage:python',
      `workspaceContains:${globForExtensions(MODEL_FILE_EXTENSIONS)}`,
      'workspaceContains:**/msl.config.json',
    ]);
    assert.equal(manifest.main, './out/client/extension.js');
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  it('declares the pickle-disassembly language and grammar', () => {
    assert.deepEqual(manifest.contributes.languages.map((l) => l.id), ['pickle-disassembly']);
    assert.deepEqual(manifest.contributes.grammars, [
      { language: 'pickle-disassembly', scopeName: 'source.pickle-disassembly', path: './syntaxes/pickle-disassembly.tmLanguage.json' },
    ]);
  });

  it('the client\'s model extensions cover every extension the engine knows (add new formats to MODEL_FILE_EXTENSIONS)', () => {
    const missing = modelExtensions().filter((ext) => !MODEL_FILE_EXTENSIONS.includes(ext.slice(1).toLowerCase()));
    assert.deepEqual(missing, []);
  });

  it('an empty msl.include means the engine\'s defaults; the default exclude is the engine\'s', () => {
    assert.deepEqual(DEFAULT_SETTINGS.include, []);
    assert.deepEqual(walkOptions(normalizeSettings({}), {}).include, defaultInclude());
    assert.deepEqual(walkOptions(normalizeSettings({ include: ['models/**'] }), {}).include, ['models/**']);
    assert.deepEqual(walkOptions(normalizeSettings({}), { include: ['a/**'] }).include, ['a/**']);
    assert.deepEqual(DEFAULT_SETTINGS.exclude, [...DEFAULT_EXCLUDE]);
  });
});

describe('.vscodeignore', () => {
  const lines = fs.readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  // vsce applies every `!` line after all exclusions, so only precise negations keep maps and tests out.
  it('ships the bundles, wasm, webview assets, grammars and walkthrough pages, and nothing else', () => {
    assert.equal(lines[0], '**');
    for (const keep of ['!out/client/*.js', '!out/server/*.js', '!out/cli/*.js', '!out/wasm/*.wasm', '!out/media/*.js', '!out/media/*.css', '!syntaxes/*.json', '!media/walkthrough/*.md', '!package.json']) {
      assert.ok(lines.includes(keep), keep);
    }
    assert.equal(lines.some((l) => /^!(client|server|test|node_modules|out\/\*\*|out\/test|media\/\*\*|media\/src)/.test(l) || /\.map$/.test(l)), false);
  });
});

describe('report view contributions', () => {
  const m = manifest as unknown as {
    contributes: {
      customEditors: { viewType: string; priority: string; selector: { filenamePattern: string }[] }[];
      walkthroughs: { id: string; steps: { id: string; description: string; media: { markdown?: string } }[] }[];
      menus: Record<string, { command: string; when?: string }[]>;
    };
  };

  it('opens the report by default for unambiguous model extensions and as an option for the rest', () => {
    const editors = Object.fromEntries(m.contributes.customEditors.map((e) => [e.viewType, e]));
    const exts = (viewType: string) => editors[viewType]!.selector.map((s) => s.filenamePattern.replace(/^\*\./, ''));
    assert.equal(editors[REPORT_VIEW_TYPES.default]!.priority, 'default');
    assert.equal(editors[REPORT_VIEW_TYPES.option]!.priority, 'option');
    assert.deepEqual(exts(REPORT_VIEW_TYPES.default), [...REPORT_DEFAULT_EXTENSIONS]);
    assert.deepEqual(exts(REPORT_VIEW_TYPES.option), [...REPORT_OPTION_EXTENSIONS], 'package.json customEditors must list every model extension (protocol/modelFiles.ts)');
    for (const ambiguous of ['bin', 'pb', 'model']) assert.ok(REPORT_OPTION_EXTENSIONS.includes(ambiguous), ambiguous);
    assert.deepEqual([...REPORT_DEFAULT_EXTENSIONS, ...REPORT_OPTION_EXTENSIONS].sort(), [...MODEL_FILE_EXTENSIONS].sort());
    assert.equal(reportViewTypeFor('x.PKL'), REPORT_VIEW_TYPES.default);
    assert.equal(reportViewTypeFor('pytorch_model.bin'), REPORT_VIEW_TYPES.option);
  });

  it('has a walkthrough whose steps have pages that exist and commands that are contributed', () => {
    const [w] = m.contributes.walkthroughs;
    assert.ok(w && w.steps.length >= 3);
    const ids = new Set(ALL_COMMANDS.map((c) => c.id));
    for (const step of w.steps) {
      assert.ok(step.media.markdown && fs.existsSync(path.join(REPO_ROOT, step.media.markdown)), `${step.id}: ${step.media.markdown}`);
      for (const [, cmd] of step.description.matchAll(/\(command:(msl\.[\w.]+)\)/g)) assert.ok(ids.has(cmd!), `${step.id}: ${cmd}`);
    }
  });

  it('offers Show Disassembly and Export Report in the report editor\'s title bar', () => {
    const title = m.contributes.menus['editor/title'] ?? [];
    for (const id of ['msl.showDisassembly', 'msl.exportReport']) {
      const item = title.find((x) => x.command === id);
      assert.ok(item?.when?.includes(`activeCustomEditorId == ${REPORT_VIEW_TYPES.default}`), id);
    }
  });
});
