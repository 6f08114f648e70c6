// SARIF `invocations[0]`: how the tool ran, and what kept it from looking at everything
// (paths it could not scan, limits hit) as tool execution notifications.
import { LIMIT_REACHED } from '../../core/rules/scanner';
import { COMMAND_NAME } from '../version';
import type { RunInfo, RunSummary } from '../report';
import { artifactLocation, srcRootUri } from './sarifLocations';

interface Notification {
  level: 'error' | 'warning';
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: ReturnType<typeof artifactLocation> } }[];
  associatedRule?: { id: string; index: number };
}

export function invocation(info: RunInfo, summary: RunSummary, exitCode: number, ruleIndex: ReadonlyMap<string, number>) {
  const at = (p: string) => [{ physicalLocation: { artifactLocation: artifactLocation(p, info.cwd) } }];
  const notifications: Notification[] = summary.errors.map((e) => ({
    level: 'error',
    message: { text: `Could not scan ${e.path}: ${e.message}.` },
    locations: at(e.path),
  }));
  const limitRule = ruleIndex.get(LIMIT_REACHED.id);
  for (const hit of summary.limitsHit) {
    const n: Notification = {
      level: 'warning',
      message: { text: `Scan limits reached in ${hit.path} (${hit.limits.join(', ')}): part of the file was not analysed.` },
      locations: at(hit.path),
    };
    if (limitRule !== undefined) n.associatedRule = { id: LIMIT_REACHED.id, index: limitRule };
    notifications.push(n);
  }
  return {
    executionSuccessful: summary.errors.length === 0,
    exitCode,
    commandLine: [COMMAND_NAME, ...info.argv].map(quote).join(' '),
    arguments: [...info.argv],
    workingDirectory: { uri: srcRootUri(info.cwd) },
    toolExecutionNotifications: notifications,
  };
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
