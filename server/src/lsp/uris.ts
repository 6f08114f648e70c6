// file: URIs <-> paths. Stored state is keyed by path for file: URIs, so a document the client
// names with its own URI encoding and the same file found on disk share one entry.
import { fileURLToPath, pathToFileURL } from 'node:url';

export function pathToUri(fsPath: string): string {
  return pathToFileURL(fsPath).href;
}

/** The path of a `file:` URI, or undefined for any other scheme (untitled:, vscode-notebook-cell:, ...). */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The key under which state about `uri` is stored. */
export function uriKey(uri: string): string {
  return uriToPath(uri) ?? uri;
}
