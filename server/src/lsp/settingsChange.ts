// What a settings change means for scans: folders whose coverage or size limit changed are
// rescanned (or, when the user turned start-up scans off, only pruned of what is no longer covered).
import type { Folder } from './folders';
import type { MslSettings } from '../protocol/settings';
import type { ServerState } from './state';

export interface SettingsChangeEffect {
  rescan: Folder[];
  prune: Folder[];
}

export async function settingsChange(state: ServerState, invalidate: () => void): Promise<SettingsChangeEffect> {
  const folders = state.folders.all();
  const before = await Promise.all(folders.map((f) => state.settings.get(f.uri)));
  invalidate();
  const effect: SettingsChangeEffect = { rescan: [], prune: [] };
  for (let i = 0; i < folders.length; i++) {
    const after = await state.settings.get(folders[i]!.uri);
    if (!affectsScan(before[i]!, after)) continue;
    (after.scanOnStartup ? effect.rescan : effect.prune).push(folders[i]!);
  }
  return effect;
}

function affectsScan(a: MslSettings, b: MslSettings): boolean {
  return (
    a.maxFileSizeMB !== b.maxFileSizeMB ||
    JSON.stringify(a.include) !== JSON.stringify(b.include) ||
    JSON.stringify(a.exclude) !== JSON.stringify(b.exclude)
  );
}
