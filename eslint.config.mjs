import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const editorPackages = {
  paths: [
    { name: 'vscode', message: 'The engine (server/src/core) never imports editor packages.' },
  ],
  patterns: [
    { group: ['vscode-languageserver*', 'vscode-languageclient*', 'vscode-jsonrpc*'], message: 'The engine (server/src/core) never imports LSP packages.' },
    { group: ['**/lsp/**', '**/protocol/**', '**/client/**', '**/cli/**'], message: 'The engine depends on nothing above it.' },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test/fixtures/generated/**', '.vscode-test/**', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', editorPackages] },
  },
);
