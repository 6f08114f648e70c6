// The Hub revisions a manifest records, by repository id (for the script rule that offers to pin
// `from_pretrained("org/name")` to the recorded commit). Only commit ids count; a repository
// recorded at two different commits is ambiguous and left out.
import { COMMIT_SHA, isUrlSource, type Manifest } from './manifest';

/** Lower-cased repository id -> 40-hex commit. */
export type HubPins = ReadonlyMap<string, string>;

export function hubPinsOf(manifest: Manifest): HubPins {
  const pins = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const e of manifest.models) {
    if (isUrlSource(e.source) || !COMMIT_SHA.test(e.source.revision)) continue;
    const id = e.source.hub.toLowerCase();
    const rev = e.source.revision.toLowerCase();
    const had = pins.get(id);
    if (had !== undefined && had !== rev) ambiguous.add(id);
    else pins.set(id, rev);
  }
  for (const id of ambiguous) pins.delete(id);
  return pins;
}
