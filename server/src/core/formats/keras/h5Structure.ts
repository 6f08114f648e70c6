// What a Keras `.h5` file says about itself, read through confined h5wasm: root attributes, a
// bounded walk of the group tree that records links to other files without following them, and
// each dataset's declared size and the other files it reads from (metadata, never values). Runs inside the worker of h5Isolated.ts.
import type { ByteSource } from '../../io/byteSource';
import { inspectDataset } from './h5Datasets';
import { addLink } from './h5Links';
import { isWasmAbort, quietly, registerVirtual } from './h5wasmHost';
import type { H5Api, H5File } from './h5wasmTypes';
import { emptyStructure, type H5ReadOptions, type H5Structure } from './h5Types';

export type { H5ReadOptions, H5Structure } from './h5Types';

export const KERAS_ATTRIBUTES = ['model_config', 'training_config', 'keras_version', 'backend'] as const;

const errText = (e: unknown): string => (e instanceof Error ? e.message : String(e)).slice(0, 300);

/**
 * Reads the structure with an h5wasm instance. Synchronous and not interruptible: it runs in the
 * worker of h5Isolated.ts, which the main thread terminates on a hang or abort.
 */
export function readH5WithLibrary(h5: H5Api, src: ByteSource, opts: H5ReadOptions): H5Structure & { aborted?: boolean } {
  const out: H5Structure & { aborted?: boolean } = emptyStructure();
  const file = registerVirtual(src);
  let f: H5File | undefined;
  try {
    quietly(() => {
      f = new h5.File(file.path, 'r');
      out.attributeNames = h5.Module.get_attribute_names(f.file_id, '/');
      for (const name of KERAS_ATTRIBUTES) {
        if (out.attributeNames.includes(name)) readAttribute(h5, f.file_id, name, opts, out);
      }
      walkGroups(h5, f, src.size, opts, out);
    });
  } catch (e) {
    const text = errText(e);
    const diag = file.diagnostics();
    if (isWasmAbort(e)) {
      out.aborted = true;
      out.openError = `the HDF5 library aborted on this file (${text}); its content was not analysed`;
    } else if (!f) out.openError = `HDF5 could not open the file: ${diag ? lastDiagnostic(diag) : text}`;
    else out.problems.push(`reading stopped: ${text}`);
  } finally {
    try {
      if (!out.aborted) (f as H5File | undefined)?.close();
    } catch {
      // the file handle is already invalid; nothing more to release
    }
    out.io = file.stats();
    file.release();
  }
  return out;
}

/** HDF5's error stack prints the most specific reason last. */
function lastDiagnostic(diag: string): string {
  const minors = [...diag.matchAll(/minor: ([^#]+?)(?=\s+#\d|\s*$)/g)].map((m) => m[1]!.trim());
  return minors.length > 0 ? minors.slice(-2).join('; ') : diag.slice(0, 300);
}

type H5 = H5Api;

function readAttribute(h5: H5, fileId: bigint, name: string, opts: H5ReadOptions, out: H5Structure): void {
  try {
    const meta = h5.Module.get_attribute_metadata(fileId, '/', name);
    const count = (meta.shape ?? []).reduce((a, b) => a * Number(b), 1);
    if (!meta.vlen && meta.size * count > opts.maxAttributeBytes) {
      out.problems.push(`attribute ${name} declares ${meta.size * count} bytes, over the limit of ${opts.maxAttributeBytes}; not read`);
      return;
    }
    const v = h5.Module.get_attribute_names(fileId, '/').includes(name) ? new h5.Group(fileId, '/').get_attribute(name, true) : undefined;
    const text = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
    if (text === undefined) out.problems.push(`attribute ${name} is not a string (${typeof v})`);
    else if (text.length > opts.maxAttributeBytes) out.problems.push(`attribute ${name} holds ${text.length} characters, over the limit of ${opts.maxAttributeBytes}; not analysed`);
    else out.attributes[name] = text;
  } catch (e) {
    const text = errText(e);
    if (isWasmAbort(e)) throw e;
    out.problems.push(`attribute ${name} could not be read: ${text}`);
  }
}

/** Breadth-first over groups; links are recorded by type and never dereferenced. */
function walkGroups(h5: H5, f: H5File, fileSize: number, opts: H5ReadOptions, out: H5Structure): void {
  const queue: string[] = ['/'];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const group = queue.shift()!;
    let names: string[];
    try {
      names = h5.Module.get_names(f.file_id, group, false);
    } catch (e) {
      out.problems.push(`group ${group} could not be listed: ${errText(e)}`);
      continue;
    }
    if (group === '/') out.rootKeys = names.slice(0, 1000);
    for (const name of names) {
      if (++out.objects > opts.maxObjects) {
        out.problems.push(`the group walk stopped after ${opts.maxObjects} objects`);
        return;
      }
      const path = group === '/' ? `/${name}` : `${group}/${name}`;
      const type = f.get_type(path);
      if (type === h5.Module.H5G_UDLINK) {
        const link = f.get_external_link(path);
        addLink(out, { path, kind: 'external', file: String(link.filename ?? ''), target: String(link.obj_path ?? '') });
      } else if (type === h5.Module.H5G_GROUP && !seen.has(path)) {
        seen.add(path);
        queue.push(path);
      } else if (type === h5.Module.H5G_DATASET) {
        inspectDataset(h5, f, path, fileSize, out);
      }
    }
  }
}
