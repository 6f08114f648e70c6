// Folders never worth walking for models: tool caches, VCS metadata, installed packages.
// Pure data with no imports, so the protocol (bundled into the client) can share it.
export const DEFAULT_EXCLUDE: readonly string[] = [
  '**/node_modules/**',
  '**/.git/**',
  '**/.hg/**',
  '**/.svn/**',
  '**/__pycache__/**',
  '**/.venv/**',
  '**/venv/**',
  '**/.tox/**',
  '**/.mypy_cache/**',
  '**/site-packages/**',
];
