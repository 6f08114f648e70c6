// A fixed-row-height virtual list: only the rows in view (plus a margin) exist in the DOM, so a
// report with 100,000 findings or a 100,000-line disassembly scrolls as smoothly as a short one.
// It is a keyboard-navigable listbox: arrows, Page Up/Down, Home/End move the selection, Enter
// activates it.
import { h } from './dom';

export interface VirtualListOptions<T> {
  id: string;
  label: string;
  rowHeight: number;
  /** Largest viewport height in pixels; shorter lists shrink to fit. */
  maxHeight: number;
  render: (item: T, index: number, selected: boolean) => HTMLElement;
  onSelect?: (index: number) => void;
  onActivate?: (index: number) => void;
  className?: string;
}

const OVERSCAN = 8;

export class VirtualList<T> {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rows: HTMLElement;
  private items: readonly T[] = [];
  private selectedIndex = -1;
  private highlighted = new Set<number>();
  private frame = 0;

  constructor(private readonly o: VirtualListOptions<T>) {
    this.rows = h('div', { class: 'vlist-rows' });
    this.spacer = h('div', { class: 'vlist-spacer' }, this.rows);
    this.element = h('div', {
      id: o.id,
      class: `vlist ${o.className ?? ''}`,
      role: 'listbox',
      tabindex: 0,
      'aria-label': o.label,
    }, this.spacer);
    this.element.addEventListener('scroll', () => this.schedule());
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.element.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
      if (row) this.select(Number(row.dataset.index), false);
    });
    this.element.addEventListener('dblclick', () => this.selectedIndex >= 0 && this.o.onActivate?.(this.selectedIndex));
  }

  get selected(): number {
    return this.selectedIndex;
  }

  get length(): number {
    return this.items.length;
  }

  setItems(items: readonly T[]): void {
    this.items = items;
    this.spacer.style.height = `${items.length * this.o.rowHeight}px`;
    this.element.style.height = `${Math.max(this.o.rowHeight, Math.min(this.o.maxHeight, items.length * this.o.rowHeight)) + 2}px`;
    if (this.selectedIndex >= items.length) this.selectedIndex = -1;
    this.render();
  }

  /** Marks rows (e.g. the target of the selected finding) without moving the selection. */
  highlight(indexes: Iterable<number>): void {
    this.highlighted = new Set(indexes);
    this.render();
  }

  select(index: number, scroll = true): void {
    if (this.items.length === 0) return;
    const i = Math.max(0, Math.min(this.items.length - 1, index));
    this.selectedIndex = i;
    if (scroll) this.scrollTo(i);
    this.render();
    this.o.onSelect?.(i);
  }

  /** Scrolls the list (not the page) so the row is in view, centred when it was far. */
  scrollTo(index: number): void {
    const top = index * this.o.rowHeight;
    const view = this.element.clientHeight || this.o.maxHeight;
    if (top < this.element.scrollTop || top + this.o.rowHeight > this.element.scrollTop + view) {
      this.element.scrollTop = Math.max(0, top - view / 2 + this.o.rowHeight / 2);
    }
    this.render();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const rh = this.o.rowHeight;
    const view = this.element.clientHeight || this.o.maxHeight;
    const first = Math.max(0, Math.floor(this.element.scrollTop / rh) - OVERSCAN);
    const last = Math.min(this.items.length, Math.ceil((this.element.scrollTop + view) / rh) + OVERSCAN);
    const out: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const selected = i === this.selectedIndex;
      const row = this.o.render(this.items[i]!, i, selected);
      row.classList.add('vlist-row');
      if (selected) row.classList.add('selected');
      if (this.highlighted.has(i)) row.classList.add('target');
      row.id = `${this.o.id}-row-${i}`;
      row.dataset.index = String(i);
      row.setAttribute('role', 'option');
      row.setAttribute('aria-selected', String(selected));
      row.style.transform = `translateY(${i * rh}px)`;
      row.style.height = `${rh}px`;
      out.push(row);
    }
    this.rows.replaceChildren(...out);
    if (this.selectedIndex >= first && this.selectedIndex < last) {
      this.element.setAttribute('aria-activedescendant', `${this.o.id}-row-${this.selectedIndex}`);
    } else {
      this.element.removeAttribute('aria-activedescendant');
    }
  }

  private onKey(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor((this.element.clientHeight || this.o.maxHeight) / this.o.rowHeight) - 1);
    const at = this.selectedIndex;
    const moves: Record<string, number> = {
      ArrowDown: at + 1, ArrowUp: at - 1, PageDown: at + page, PageUp: at - page, Home: 0, End: this.items.length - 1,
    };
    if (e.key in moves) {
      e.preventDefault();
      this.select(at < 0 && e.key !== 'End' ? 0 : moves[e.key]!);
    } else if (e.key === 'Enter' && at >= 0) {
      e.preventDefault();
      this.o.onActivate?.(at);
    }
  }
}
