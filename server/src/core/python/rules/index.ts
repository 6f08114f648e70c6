// Every rule the script analyzer runs. Later rule families add their entries here.
import type { CallRule } from './types';
import { torchLoadRule } from './torchLoad';

export const CALL_RULES: readonly CallRule[] = [torchLoadRule];
