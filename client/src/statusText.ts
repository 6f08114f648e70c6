// What the status bar item says, as a pure function of the server's summary (tested without VS Code).
import type { WorkspaceSummary } from '../../server/src/protocol/messages';

export interface StatusText {
  text: string;
  tooltip: string;
  /** `error` when something critical was found, `warning` for high, none otherwise. */
  tone: 'error' | 'warning' | 'none';
}

export function statusText(s: WorkspaceSummary): StatusText {
  const serious = s.counts.critical + s.counts.high;
  const icon = s.scanning ? '$(sync~spin)' : serious > 0 ? '$(shield)' : '$(pass)';
  const lines = [
    `Model Security Lint: ${s.counts.critical} critical, ${s.counts.high} high, ${s.counts.medium} medium, ${s.counts.low} low, ${s.counts.info} info`,
    `${s.filesWithFindings} file${s.filesWithFindings === 1 ? '' : 's'} with findings${s.scanning ? ' (scanning…)' : ''}`,
    'Click to open the Problems view.',
  ];
  return {
    text: `${icon} ${serious}`,
    tooltip: lines.join('\n'),
    tone: s.counts.critical > 0 ? 'error' : s.counts.high > 0 ? 'warning' : 'none',
  };
}
