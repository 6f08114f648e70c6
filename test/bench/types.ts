/** One figure printed by `npm run bench`: a value, and where it makes sense a reference measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  reference?: { name: string; value: number };
  /** reference / value for times (>1 means we are faster), or as the bench defines it. */
  ratio?: number;
  /** The target as text, e.g. ">= 3x faster" or "< 150 MB". */
  target?: string;
  pass?: boolean;
}
