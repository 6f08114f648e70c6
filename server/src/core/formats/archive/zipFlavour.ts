// Which kind of zip-based model an archive is, from its member names.
import type { FormatId } from '../types';

export interface Flavour {
  format: FormatId;
  /** Archive root of a PyTorch / TorchScript layout (`archive/`), '' for a root-level one. */
  roots: string[];
}

const DATA_PKL = 'data.pkl';

export function classifyZip(names: readonly string[]): Flavour {
  const roots = [...new Set(names.filter((n) => n === DATA_PKL || n.endsWith(`/${DATA_PKL}`)).map((n) => n.slice(0, n.length - DATA_PKL.length)))];
  if (roots.length > 0) {
    const scripted = names.some((n) => roots.some((r) => n.startsWith(`${r}code/`) || n === `${r}constants.pkl`));
    return { format: scripted ? 'torchscript' : 'pytorch-zip', roots };
  }
  const files = names.filter((n) => !n.endsWith('/'));
  if (files.length > 0 && files.every((n) => n.toLowerCase().endsWith('.npy'))) return { format: 'numpy-npz', roots: [] };
  const has = (n: string): boolean => names.includes(n);
  if (has('config.json') && (has('metadata.json') || has('model.weights.h5'))) return { format: 'keras-v3', roots: [] };
  return { format: 'zip', roots: [] };
}

/** The root-relative path of a member of a PyTorch layout, or undefined when outside every root. */
export function relativeToRoot(name: string, roots: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const r of roots) if (name.startsWith(r) && (best === undefined || r.length > best.length)) best = r;
  return best === undefined ? undefined : name.slice(best.length);
}

/** Tensor storages: `data/<key>` (and TorchScript's `constants/<key>`), read only for a magic test. */
export function isTensorStorage(rel: string | undefined): boolean {
  return rel !== undefined && /^(?:data|constants)\/[^/]+$/.test(rel);
}
