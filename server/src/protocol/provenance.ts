// "Record Provenance for This File": the server computes the manifest entry and the new
// manifest text; the client confirms with the user and writes msl.lock.json (the engine and
// the server never write the user's files).
import { RequestType } from 'vscode-languageserver-protocol';

export type ProvenanceSourceInput = { url: string } | { hub: string; revision: string };

export interface ProvenanceEntryParams {
  /** A `file:` URI of a model file. */
  uri: string;
  source: ProvenanceSourceInput;
  license?: string;
}

export interface ProvenanceEntryResult {
  /** `file:` URI of msl.lock.json (at the file's workspace folder root). */
  manifestUri: string;
  /** The entry's path inside the manifest. */
  entryPath: string;
  size: number;
  sha256: string;
  format: string;
  /** The complete new manifest text to write. */
  manifestText: string;
  /** The manifest text the result was computed from ('' when there was none): write only if unchanged. */
  baseText: string;
  /** SHA-256 recorded before, when the file already had an entry. */
  replacedSha256?: string;
}

export const ProvenanceEntryRequest = new RequestType<ProvenanceEntryParams, ProvenanceEntryResult, void>('msl/provenanceEntry');

/** `org/name@<40-hex>` or an absolute URL -> a source; undefined when neither. */
export function parseSourceInput(text: string): ProvenanceSourceInput | undefined {
  const t = text.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(t)) return { url: t };
  const hub = /^([A-Za-z0-9][\w.-]*\/[\w.-]+)@([0-9a-f]{40})$/i.exec(t);
  return hub ? { hub: hub[1]!, revision: hub[2]!.toLowerCase() } : undefined;
}
