// Turns the files an HDF5 file makes the library open (external links, virtual dataset sources,
// external raw-data storage) into MSL775 findings. A name that reaches out of the model's
// directory (absolute, home, `..`, URL) is high; a bare sibling file name is medium.
import type { AnalysisContext } from '../../context';
import { KERAS_HDF5_LINK } from '../../rules/keras';
import type { H5Link } from './h5Types';

const MAX_FINDINGS = 50;

/** Why a file name reaches outside the directory of the model, or undefined for a sibling name. */
export function outsideReach(file: string): string | undefined {
  if (file.startsWith('/')) return 'an absolute path';
  if (/^[A-Za-z]:[\\/]/.test(file) || file.startsWith('\\\\')) return 'an absolute Windows path';
  if (/^~[^/\\]*([/\\]|$)/.test(file)) return 'a home-directory path';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) return 'a URL';
  if (file.split(/[/\\]/).includes('..')) return 'a path that leaves the model\'s directory through ..';
  return undefined;
}

export function reportLinks(links: readonly H5Link[], ctx: AnalysisContext): void {
  for (const link of links.slice(0, MAX_FINDINGS)) {
    const reach = outsideReach(link.file);
    ctx.report(KERAS_HDF5_LINK, {
      message: messageFor(link, reach),
      location: { kind: 'pointer', pointer: link.path },
      evidence: link.kind === 'external' ? `${link.file}:${link.target}` : `${link.path} <- ${link.file}${link.target ? `:${link.target}` : ''}`,
      severity: reach ? 'high' : 'medium',
    });
  }
  if (links.length > MAX_FINDINGS) {
    ctx.report(KERAS_HDF5_LINK, {
      message: `${links.length - MAX_FINDINGS} more links to other files; only the first ${MAX_FINDINGS} are listed.`,
      location: { kind: 'file' },
      evidence: `${links.length} links`,
    });
  }
}

function messageFor(link: H5Link, reach: string | undefined): string {
  const file = `${JSON.stringify(link.file)}${reach ? ` (${reach})` : ''}`;
  if (link.kind === 'external') return `${link.path} is an external link to ${JSON.stringify(link.target)} in the file ${file}; reading that group opens the other file.`;
  if (link.kind === 'virtual') {
    return `Dataset ${link.path} is a virtual dataset that maps data from ${JSON.stringify(link.target)} in the file ${file}; ` +
      'reading it (Keras loading the weights) makes HDF5 open that file. A weights file has no reason to take data from another file.';
  }
  return `Dataset ${link.path} keeps its raw values in the external file ${file}; reading it (Keras loading the weights) reads that file's bytes as weight values. ` +
    'A weights file has no reason to store its values in another file.';
}
