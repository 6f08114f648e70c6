// The pickle disassembly inside the report: one virtual list over every stream, dangerous,
// unknown and malformed lines highlighted, `n`/`p` to jump between marked lines.
import type { Finding } from '../../server/src/core/findings';
import type { ModelDisassembly } from '../../server/src/core/disasm';
import { buildListing, lineForLocation, type Listing, type ListingLine } from '../../server/src/protocol/disassemblyListing';
import { h, muted, section } from './dom';
import { plural } from './format';
import { post } from './vscodeApi';
import { VirtualList } from './virtualList';

export class DisassemblyView {
  readonly element: HTMLElement;
  private listing: Listing | undefined;
  private list: VirtualList<ListingLine> | undefined;
  private marked: number[] = [];

  constructor(fileName: string, d: ModelDisassembly | undefined) {
    if (!d) {
      this.element = section('disassembly', 'Pickle disassembly', h('p', { class: 'muted loading' }, 'Disassembling…'));
      return;
    }
    if (d.streams.length === 0) {
      const why = d.error ? `No disassembly: ${d.error}` : 'This file holds no pickle stream, so there is nothing to disassemble.';
      this.element = section('disassembly', 'Pickle disassembly', muted(why));
      return;
    }
    const listing = buildListing(d, fileName);
    this.listing = listing;
    this.marked = listing.lines.flatMap((l, i) => (l.mark ? [i] : []));
    const list = new VirtualList<ListingLine>({
      id: 'disasm-list',
      label: 'Pickle disassembly, one opcode per line',
      rowHeight: 20,
      maxHeight: 480,
      className: 'disasm',
      render: (l) => h('div', { class: `disasm-line ${l.kind}${l.mark ? ` mark-${l.mark}` : ''}` }, l.text || '\u00a0'),
      onActivate: (i) => post({ type: 'showDisassembly', line: i }),
    });
    list.setItems(listing.lines);
    list.element.addEventListener('keydown', (e) => {
      if (e.key === 'n' || e.key === 'p') this.jump(e.key === 'n' ? 1 : -1);
    });
    this.list = list;
    const dangerous = listing.lines.filter((l) => l.mark === 'dangerous').length;
    const summary = `${plural(listing.streams.length, 'stream')}, ${plural(listing.lines.filter((l) => l.kind === 'op').length, 'opcode')}; ${plural(dangerous, 'dangerous line')}, ${plural(this.marked.length - dangerous, 'other marked line')}.`;
    const tools = h('div', { class: 'actions' },
      h('button', { class: 'secondary', onclick: () => this.jump(1), disabled: this.marked.length === 0 }, 'Next marked line (n)'),
      h('button', { class: 'secondary', onclick: () => this.jump(-1), disabled: this.marked.length === 0 }, 'Previous (p)'),
      h('button', { class: 'secondary', onclick: () => post({ type: 'showDisassembly', line: Math.max(0, list.selected) }) }, 'Open as document'));
    this.element = section('disassembly', 'Pickle disassembly', h('p', { class: 'hint' }, summary, ' Enter opens the line in the disassembly document.'), tools, list.element,
      d.error ? h('p', { class: 'banner warn' }, d.error) : null);
    if (this.marked.length > 0) list.scrollTo(this.marked[0]!);
  }

  reveal(f: Finding, go: boolean): boolean {
    if (!this.listing || !this.list || f.location.kind !== 'bytes') return false;
    const line = lineForLocation(this.listing, f.location.members, f.location.offset);
    if (line === undefined) return false;
    this.list.highlight([line]);
    this.list.scrollTo(line);
    if (go) {
      this.element.scrollIntoView({ block: 'start' });
      this.list.select(line);
      this.list.element.focus();
    }
    return true;
  }

  private jump(direction: 1 | -1): void {
    if (!this.list || this.marked.length === 0) return;
    const at = this.list.selected;
    const next = direction > 0 ? this.marked.find((i) => i > at) ?? this.marked[0]! : [...this.marked].reverse().find((i) => i < at) ?? this.marked[this.marked.length - 1]!;
    this.list.select(next);
  }
}
