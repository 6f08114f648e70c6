// The Jinja lexer and parser of @huggingface/jinja (never its renderer). The package is ESM-typed
// but ships a CommonJS build (its `require` export), which keeps the analysis synchronous; esbuild
// bundles it and tsx/node load it directly.
type JinjaModule = typeof import('@huggingface/jinja', { with: { 'resolution-mode': 'import' } });

// eslint-disable-next-line @typescript-eslint/no-require-imports
const jinja = require('@huggingface/jinja') as JinjaModule;

export const tokenize: JinjaModule['tokenize'] = jinja.tokenize;
export const parse: JinjaModule['parse'] = jinja.parse;
export type Token = ReturnType<JinjaModule['tokenize']>[number];
