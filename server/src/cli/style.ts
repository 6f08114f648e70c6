// ANSI styling that collapses to plain text when colour is off.
import type { Severity } from '../core/findings';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  severity(s: Severity, text: string): string;
  path(s: string): string;
  danger(s: string): string;
}

const wrap = (open: string, close: string) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;

const SEVERITY_CODES: Record<Severity, string> = {
  critical: '1;97;41',
  high: '1;31',
  medium: '33',
  low: '36',
  info: '2',
};

export function createStyle(color: boolean): Style {
  if (!color) {
    const id = (s: string) => s;
    return { bold: id, dim: id, severity: (_s, t) => t, path: id, danger: id };
  }
  return {
    bold: wrap('1', '22'),
    dim: wrap('2', '22'),
    severity: (s, t) => `\x1b[${SEVERITY_CODES[s]}m${t}\x1b[0m`,
    path: wrap('1;4', '22;24'),
    danger: wrap('31', '39'),
  };
}
