// The client/server contract: settings, custom messages, commands, model file extensions.
export * from './settings';
export * from './messages';
export * from './commands';
export * from './modelFiles';
export * from './report';
export * from './webview';
export * from './probes';
