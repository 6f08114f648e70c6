// Per-resource settings, pulled with `workspace/configuration` and cached until the client
// says they changed. Clients without the pull model get the defaults (or what they push).
import { DEFAULT_SETTINGS, normalizeSettings, SETTINGS_SECTION, type MslSettings } from '../protocol/settings';

export type ConfigurationFetcher = (scopeUri: string | undefined, section: string) => Promise<unknown>;

const GLOBAL_SCOPE = '';

export class SettingsCache {
  private readonly cache = new Map<string, Promise<MslSettings>>();
  /** Settings pushed with `didChangeConfiguration`, used when the client cannot be asked. */
  private pushed: MslSettings = normalizeSettings(DEFAULT_SETTINGS);

  constructor(
    private readonly fetch: ConfigurationFetcher | undefined,
    private readonly onError: (message: string) => void,
  ) {}

  /** Settings for a resource (a workspace folder URI, or undefined for files outside every folder). */
  get(scopeUri: string | undefined): Promise<MslSettings> {
    const key = scopeUri ?? GLOBAL_SCOPE;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.load(scopeUri);
      this.cache.set(key, hit);
    }
    return hit;
  }

  /** Forget everything: the next `get` asks the client again. */
  invalidate(pushed?: unknown): void {
    this.cache.clear();
    if (isRecord(pushed) && isRecord(pushed[SETTINGS_SECTION])) this.pushed = normalizeSettings(pushed[SETTINGS_SECTION]);
  }

  private async load(scopeUri: string | undefined): Promise<MslSettings> {
    if (!this.fetch) return this.pushed;
    try {
      return normalizeSettings(await this.fetch(scopeUri, SETTINGS_SECTION));
    } catch (e) {
      this.onError(`Could not read the "${SETTINGS_SECTION}" settings (${(e as Error).message}); using defaults.`);
      return this.pushed;
    }
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
