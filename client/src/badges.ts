// The Explorer badge of a file, from its counts by severity. Pure (tested without VS Code).
import type { SeverityCounts } from '../../server/src/protocol/messages';

export interface Badge {
  badge: string;
  tooltip: string;
  color: 'list.errorForeground' | 'list.warningForeground';
}

/** Pure: the badge for a file's counts, or none below high. */
export function badgeFor(c: SeverityCounts): Badge | undefined {
  if (c.critical > 0) {
    const extra = c.high > 0 ? `, ${c.high} high` : '';
    return { badge: '!!', tooltip: `Model Security Lint: ${c.critical} critical${extra}`, color: 'list.errorForeground' };
  }
  if (c.high > 0) return { badge: '!', tooltip: `Model Security Lint: ${c.high} high`, color: 'list.warningForeground' };
  return undefined;
}
