// Loads h5wasm's Node build. Kept in a plain module so that TypeScript does not pull h5wasm's
// global Emscripten declarations into the program (they clash with web-tree-sitter's); the typed
// surface we use is declared in h5wasmTypes.ts.
export function importH5wasm() {
  return import('h5wasm/node');
}
