// PLACEHOLDER (replaced by the script analysis work): signature only.
import type { Finding } from '../findings';

export async function analyzePythonSource(_text: string): Promise<Finding[]> {
  return [];
}
