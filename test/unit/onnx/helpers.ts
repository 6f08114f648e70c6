import { scanBytes, type ScanResult } from '../../../server/src/core/scan';

export async function scan(bytes: Uint8Array, name = 'model.onnx'): Promise<ScanResult> {
  return scanBytes(bytes, name);
}

export function ids(r: ScanResult): string[] {
  return r.findings.map((f) => `${f.ruleId}:${f.severity}`).sort();
}
