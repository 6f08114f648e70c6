// The extension's commands, declared once: the client registers handlers for exactly these ids
// and package.json contributes exactly these (checked by test/lsp/manifest.test.ts).

export const COMMAND_CATEGORY = 'Model Security Lint';

export interface CommandInfo {
  id: string;
  title: string;
}

export const COMMANDS = {
  scanWorkspace: { id: 'msl.scanWorkspace', title: 'Scan Workspace' },
  scanFile: { id: 'msl.scanFile', title: 'Scan This File' },
  openReport: { id: 'msl.openReport', title: 'Open Report' },
  showDisassembly: { id: 'msl.showDisassembly', title: 'Show Disassembly' },
  exportReport: { id: 'msl.exportReport', title: 'Export Report…' },
  runProbes: { id: 'msl.runProbes', title: 'Run Probes' },
  recordProvenance: { id: 'msl.recordProvenance', title: 'Record Provenance for This File' },
} as const satisfies Record<string, CommandInfo>;

export type CommandName = keyof typeof COMMANDS;

export const ALL_COMMANDS: readonly CommandInfo[] = Object.values(COMMANDS);
