// Which files of a folder the workspace scan and the watchers cover: the same include/exclude
// semantics as the engine's folder walk. An empty `msl.include` means the engine's defaults.
// A project's msl.config.json `include` replaces the setting (the project knows where its
// models live); its `exclude` adds to the setting's.
import picomatch from 'picomatch';
import type { ProjectConfig } from '../core/config';
import { defaultInclude, type WalkOptions } from '../core/workspace/walk';
import type { MslSettings } from '../protocol/settings';

export function walkOptions(settings: MslSettings, config: ProjectConfig): Required<WalkOptions> {
  return {
    include: config.include ?? (settings.include.length > 0 ? settings.include : defaultInclude()),
    exclude: [...settings.exclude, ...(config.exclude ?? [])],
  };
}

/** A predicate over paths relative to the folder root (with `/` separators). */
export function fileFilter(options: Required<WalkOptions>): (relative: string) => boolean {
  const include = picomatch([...options.include], { dot: true, nocase: true });
  const exclude = picomatch([...options.exclude], { dot: true });
  return (relative) => !relative.startsWith('../') && include(relative) && !exclude(relative);
}
