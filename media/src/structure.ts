// What the file is made of: facts, the archive tree, pickle streams with their imports and
// verdicts, and whatever further sections a format's summary carries (tensors, ops, metadata),
// rendered generically so new formats show up without a change here.
import type { Finding } from '../../server/src/core/findings';
import type { ArchiveMemberInfo, ModelSummary, PickleImport, PickleStreamInfo } from '../../server/src/core/summary';
import { h, muted, section } from './dom';
import { hex, plural } from './format';
import { VirtualList } from './virtualList';

const KNOWN = new Set(['members', 'pickles', 'facts']);
const METHOD: Record<number, string> = { 0: 'stored', 8: 'deflate', 12: 'bzip2', 14: 'lzma', 93: 'zstd' };

interface Target { list: VirtualList<unknown>; index: number }

export class StructureView {
  private readonly targets = new Map<string, Target>();
  readonly element: HTMLElement;

  constructor(summary: ModelSummary) {
    const parts: HTMLElement[] = [];
    if (summary.facts && Object.keys(summary.facts).length > 0) parts.push(sub('Facts', keyValues(summary.facts)));
    if (summary.members) parts.push(sub(`Archive members (${summary.members.length.toLocaleString('en-US')})`, this.membersTree(summary.members)));
    if (summary.pickles) parts.push(sub(`Pickle streams (${summary.pickles.length.toLocaleString('en-US')})`, this.pickles(summary.pickles)));
    for (const [key, value] of Object.entries(summary as Record<string, unknown>)) {
      if (!KNOWN.has(key) && value !== undefined) parts.push(sub(humanize(key), this.generic(key, value)));
    }
    this.element = section('structure', 'Structure', ...(parts.length > 0 ? parts : [muted('The scanner recorded no structure for this file.')]));
  }

  /** Marks the finding's place; with `go`, scrolls the page there and focuses it. */
  reveal(f: Finding, go: boolean): boolean {
    const t = this.targetFor(f);
    if (!t) return false;
    t.list.highlight([t.index]);
    t.list.scrollTo(t.index);
    if (go) {
      t.list.element.scrollIntoView({ block: 'center' });
      t.list.select(t.index);
      t.list.element.focus();
    }
    return true;
  }

  private targetFor(f: Finding): Target | undefined {
    const l = f.location;
    const members = 'members' in l && l.members ? l.members : [];
    const keys: string[] = [];
    if (l.kind === 'bytes') keys.push(`pickle:${members.join('>')}@${l.offset}`);
    if (l.kind === 'pointer') keys.push(`name:${l.pointer}`, `name:${l.pointer.split('/').pop()}`);
    for (const m of [...members].reverse()) keys.push(`member:${m}`);
    for (const k of keys) {
      const t = this.targets.get(k);
      if (t) return t;
    }
    return undefined;
  }

  private membersTree(members: readonly ArchiveMemberInfo[]): HTMLElement {
    interface Row { depth: number; label: string; member?: ArchiveMemberInfo }
    const rows: Row[] = [];
    const seenDirs = new Set<string>();
    const sorted = [...members].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const m of sorted) {
      const parts = m.name.split('/').filter((p) => p !== '');
      for (let d = 0; d < parts.length - 1; d++) {
        const dir = parts.slice(0, d + 1).join('/');
        if (!seenDirs.has(dir)) {
          seenDirs.add(dir);
          rows.push({ depth: d, label: `${parts[d]}/` });
        }
      }
      rows.push({ depth: Math.max(0, parts.length - 1), label: parts[parts.length - 1] ?? m.name, member: m });
    }
    const list = this.list<Row>('members', 'Archive members', rows, (r) =>
      h('div', { class: `grid-row members-row${r.member ? '' : ' dir'}` },
        h('span', { class: 'name', title: r.member?.name ?? r.label }, indent(r.depth), r.label),
        h('span', {}, r.member?.format ?? ''),
        h('span', { class: 'num' }, r.member ? r.member.size.toLocaleString('en-US') : ''),
        h('span', { class: 'num' }, r.member ? r.member.compressedSize.toLocaleString('en-US') : ''),
        h('span', {}, r.member ? METHOD[r.member.method] ?? `method ${r.member.method}` : ''),
        h('span', { class: 'num' }, r.member ? hex(r.member.offset) : '')));
    rows.forEach((r, i) => r.member && this.targets.set(`member:${r.member.name}`, { list, index: i }));
    return h('div', {}, columns(['Name', 'Format', 'Size', 'Packed', 'Method', 'Offset'], 'members-row'), list.element);
  }

  private pickles(streams: readonly PickleStreamInfo[]): HTMLElement {
    type Row = { stream: PickleStreamInfo } | { stream: PickleStreamInfo; imp: PickleImport };
    const rows: Row[] = [];
    for (const s of streams) {
      rows.push({ stream: s });
      for (const imp of s.imports) rows.push({ stream: s, imp });
    }
    const list = this.list<Row>('pickles', 'Pickle streams and their imports', rows, (r) => {
      const where = r.stream.members && r.stream.members.length > 0 ? r.stream.members.join(' › ') : 'file';
      if (!('imp' in r)) {
        return h('div', { class: 'grid-row pickle-head' },
          h('span', { class: 'name' }, `${where} @ ${hex(r.stream.offset)}`),
          h('span', {}, `protocol ${r.stream.protocol} · ${plural(r.stream.opcodes, 'opcode')} · ${plural(r.stream.imports.length, 'import')}`),
          h('span', { class: r.stream.complete ? 'ok' : 'bad' }, r.stream.complete ? 'parsed to STOP' : 'incomplete'));
      }
      return h('div', { class: 'grid-row pickle-import' },
        h('span', { class: 'name code' }, indent(1), `${r.imp.module}.${r.imp.name}`),
        h('span', {}, h('span', { class: `verdict-chip v-${r.imp.verdict}` }, r.imp.verdict)),
        h('span', { class: 'num' }, `@ ${hex(r.imp.offset)}`));
    });
    rows.forEach((r, i) => {
      if ('imp' in r) this.targets.set(`pickle:${(r.stream.members ?? []).join('>')}@${r.imp.offset}`, { list, index: i });
    });
    return list.element;
  }

  private generic(key: string, value: unknown): HTMLElement {
    if (Array.isArray(value)) {
      if (value.length === 0) return muted('None.');
      if (value.every(isRecord)) return this.table(key, value as Record<string, unknown>[]);
      return h('p', { class: 'code' }, value.slice(0, 200).map(cellText).join(', '), value.length > 200 ? ` … (${value.length} in all)` : '');
    }
    if (isRecord(value)) {
      const entries = Object.entries(value);
      if (entries.length > 0 && entries.every(([, v]) => typeof v === 'number')) return histogram(entries as [string, number][]);
      // Nested sections (e.g. a graph's op histogram beside its inputs and outputs): one level down.
      if (entries.some(([, v]) => isRecord(v) || (Array.isArray(v) && v.some(isRecord)))) {
        return h('div', { class: 'nested' }, ...entries.map(([k, v]) => h('div', {}, h('h4', {}, humanize(k)), this.generic(`${key}-${k}`, v))));
      }
      return keyValues(value);
    }
    return h('p', {}, cellText(value));
  }

  /** Arrays of objects (tensors, layers, nodes...): a virtual table with the union of the first rows' keys. */
  private table(key: string, items: Record<string, unknown>[]): HTMLElement {
    const cols: string[] = [];
    for (const item of items.slice(0, 100)) for (const k of Object.keys(item)) if (!cols.includes(k) && cols.length < 8) cols.push(k);
    const cls = `grid-row cols-${cols.length}`;
    const list = this.list<Record<string, unknown>>(key, humanize(key), items, (item) =>
      h('div', { class: cls }, ...cols.map((c) => h('span', { class: typeof item[c] === 'number' ? 'num' : '', title: cellText(item[c]) }, cellText(item[c])))));
    const nameCol = cols.find((c) => /^(name|key|id)$/i.test(c));
    if (nameCol) items.forEach((item, i) => this.targets.set(`name:${String(item[nameCol])}`, { list, index: i }));
    return h('div', {}, h('p', { class: 'hint' }, plural(items.length, 'row')), columns(cols.map(humanize), cls), list.element);
  }

  private list<T>(id: string, label: string, rows: readonly T[], render: (r: T) => HTMLElement): VirtualList<unknown> {
    const list = new VirtualList<T>({ id: `structure-${id}`, label, rowHeight: 24, maxHeight: 360, render: (r) => render(r) });
    list.setItems(rows);
    return list as unknown as VirtualList<unknown>;
  }
}

function sub(title: string, body: HTMLElement): HTMLElement {
  return h('div', { class: 'sub' }, h('h3', {}, title), body);
}

function columns(names: string[], cls: string): HTMLElement {
  return h('div', { class: `${cls} grid-row columns`, 'aria-hidden': 'true' }, ...names.map((n) => h('span', {}, n)));
}

function keyValues(o: Record<string, unknown>): HTMLElement {
  const entries = Object.entries(o);
  return h('table', { class: 'kv' }, h('tbody', {}, ...entries.slice(0, 500).map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, humanize(k)), h('td', {}, cellText(v))))),
    entries.length > 500 ? h('caption', {}, `${entries.length - 500} more not shown`) : null);
}

/** Counts by name (op types, dtypes...): bars scaled to the largest, biggest first. */
function histogram(entries: [string, number][]): HTMLElement {
  const sorted = [...entries].sort((a, b) => b[1] - a[1]).slice(0, 200);
  const max = Math.max(1, ...sorted.map(([, n]) => n));
  return h('div', { class: 'histogram', role: 'table' }, ...sorted.map(([k, n]) => {
    const bar = h('span', { class: 'bar' });
    bar.style.width = `${Math.max(1, (n / max) * 100)}%`;
    return h('div', { class: 'hist-row', role: 'row' }, h('span', { class: 'hist-label code', role: 'cell' }, k), h('span', { class: 'hist-bar', role: 'cell' }, bar), h('span', { class: 'num', role: 'cell' }, n.toLocaleString('en-US')));
  }));
}

function indent(depth: number): string {
  return '\u00a0\u00a0\u00a0'.repeat(depth);
}

function humanize(key: string): string {
  const s = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function cellText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (Array.isArray(v)) return v.every((x) => typeof x === 'number') ? `[${v.join(', ')}]` : clip(JSON.stringify(v));
  if (typeof v === 'object') return clip(JSON.stringify(v));
  if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) >= 10_000) return v.toLocaleString('en-US');
  return String(v);
}

function clip(s: string): string {
  return s.length > 200 ? `${s.slice(0, 199)}…` : s;
}

