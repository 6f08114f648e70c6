// A deliberately small table of licences whose terms restrict how a model may be used, checked
// against the `use` a manifest entry records. It prompts a human to read the licence; it is not
// a licence engine. Ids are lower-cased SPDX ids or the Hub's licence tags.

/** Uses a project can record in `use`. */
export const KNOWN_USES = ['commercial', 'production', 'research', 'personal', 'evaluation'] as const;

interface Restriction {
  /** Recorded uses this licence does not allow. */
  forbids: readonly string[];
  note: string;
}

const NON_COMMERCIAL: Restriction = { forbids: ['commercial', 'production'], note: 'non-commercial use only' };
const RESEARCH_ONLY: Restriction = { forbids: ['commercial', 'production', 'personal'], note: 'research use only' };

export const RESTRICTED_LICENSES: Readonly<Record<string, Restriction>> = {
  'cc-by-nc-4.0': NON_COMMERCIAL,
  'cc-by-nc-sa-4.0': NON_COMMERCIAL,
  'cc-by-nc-nd-4.0': NON_COMMERCIAL,
  'cc-by-nc-3.0': NON_COMMERCIAL,
  'cc-by-nc-sa-3.0': NON_COMMERCIAL,
  'cc-by-nc-2.0': NON_COMMERCIAL,
  'cc-by-nd-4.0': { forbids: [], note: 'no derivatives' },
  'llama2': { forbids: [], note: 'commercial use above 700 million monthly users needs a separate licence' },
  'llama3': { forbids: [], note: 'commercial use above 700 million monthly users needs a separate licence' },
  'deepfloyd-if-license': RESEARCH_ONLY,
  'cc-by-nc-4.0-research': RESEARCH_ONLY,
  'mnpl': NON_COMMERCIAL, // Mistral Non-Production License
  'mrl': RESEARCH_ONLY, // Mistral Research License
  'apple-ascl': RESEARCH_ONLY,
  'gemma': { forbids: [], note: 'use restrictions in the Gemma prohibited use policy' },
  'openrail': { forbids: [], note: 'use restrictions (responsible AI licence)' },
  'creativeml-openrail-m': { forbids: [], note: 'use restrictions (responsible AI licence)' },
  'bigscience-openrail-m': { forbids: [], note: 'use restrictions (responsible AI licence)' },
  'unknown': { forbids: ['commercial', 'production'], note: 'the licence is unknown' },
};

export interface LicenseConflict {
  license: string;
  use: string;
  note: string;
}

/** A conflict when the licence forbids the use; undefined when allowed or not in the table. */
export function licenseConflict(license: string, use: string): LicenseConflict | undefined {
  const r = RESTRICTED_LICENSES[license.trim().toLowerCase()];
  const u = use.trim().toLowerCase();
  if (!r || !r.forbids.includes(u)) return undefined;
  return { license, use, note: r.note };
}
