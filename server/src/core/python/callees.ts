// Matching resolved dotted names against rule callee patterns. Exact names go through a set;
// patterns with `*` (one segment) or `**` (one or more) are compiled once to regular expressions.

export interface CalleeMatcher {
  matches(qualified: string): boolean;
  /** The last segment of every pattern (a cheap filter before resolution). */
  readonly lastSegments: ReadonlySet<string>;
}

export function calleeMatcher(patterns: readonly string[]): CalleeMatcher {
  const exact = new Set<string>();
  const regexes: RegExp[] = [];
  const lastSegments = new Set<string>();
  for (const p of patterns) {
    const last = p.slice(p.lastIndexOf('.') + 1);
    if (last.includes('*')) throw new Error(`callee pattern ${p}: the last segment must be a name`);
    lastSegments.add(last);
    if (!p.includes('*')) {
      exact.add(p);
      continue;
    }
    const source = p.split('.').map((s) => (s === '**' ? '[^.]+(?:\\.[^.]+)*' : s === '*' ? '[^.]+' : escape(s))).join('\\.');
    regexes.push(new RegExp(`^${source}$`));
  }
  return {
    lastSegments,
    matches: (q) => exact.has(q) || regexes.some((r) => r.test(q)),
  };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
