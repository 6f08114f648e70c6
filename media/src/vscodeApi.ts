// The one channel to the extension: typed messages only.
import type { FromWebview } from '../../server/src/protocol/webview';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: FromWebview): void {
  api.postMessage(message);
}

/** Scroll and selection survive the tab being hidden and shown again. */
export function saveViewState(state: Record<string, unknown>): void {
  api.setState({ ...(api.getState() as Record<string, unknown> | undefined), ...state });
}

export function viewState(): Record<string, unknown> {
  return (api.getState() as Record<string, unknown> | undefined) ?? {};
}
