// Types of h5wasmImport.mjs (see there for why h5wasm is imported from a plain module).
import type { H5Api } from './h5wasmTypes.js';

export function importH5wasm(): Promise<H5Api>;
