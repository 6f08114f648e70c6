// Every rule the script analyzer runs, by kind: call rules (matched on the resolved callee),
// keyword rules (matched on a keyword name, any callee) and statement checks.
import type { CallRule, KeywordRule, ScriptContext } from './types';
import type { StatementSite } from '../scopes';
import { hubStateDictRule, torchLoadRule } from './torchLoad';
import {
  joblibRule, jsonpickleRule, marshalRule, numpyAllowPickleRule, objectCollectiveRule, packageImporterRule, pickleRule, readPickleRule,
  shelveRule,
} from './deserialization';
import { yamlRule } from './yaml';
import { checkEnvironmentAssignment, environmentCallRule } from './environment';
import {
  customPipelineRule, dynamicModuleRule, hubPickleDownloadRule, hubRevisionRules, onnxHubSilentRule, torchHubRule, trustRemoteCodeRule,
  useSafetensorsFalseRule,
} from './hubProvenance';
import {
  kerasLoadModelRule, kerasUnsafeRule, langchainDeserializationRule, mlflowRule, nativeLibraryRule, onnxExternalDataRule, savedModelRule,
  skopsRule, torchscriptRule,
} from './frameworkLoaders';
import { downloadHashRule, insecureUrlRules, unverifiedContextRule, verifyFalseRule } from './transport';
import { allowDangerousCodeRule, execDownloadedRule, shellRules } from './codeExecution';
import { manifestPinRules } from './manifestPin';

export const CALL_RULES: readonly CallRule[] = [
  torchLoadRule, hubStateDictRule, pickleRule, jsonpickleRule, shelveRule, joblibRule, readPickleRule, numpyAllowPickleRule, marshalRule,
  yamlRule, objectCollectiveRule, packageImporterRule, environmentCallRule,
  ...hubRevisionRules, torchHubRule, customPipelineRule, onnxHubSilentRule, dynamicModuleRule, hubPickleDownloadRule,
  kerasLoadModelRule, kerasUnsafeRule, savedModelRule, torchscriptRule, mlflowRule, skopsRule, nativeLibraryRule, onnxExternalDataRule,
  ...insecureUrlRules, downloadHashRule, unverifiedContextRule,
  execDownloadedRule, ...shellRules,
  ...manifestPinRules,
];

/**
 * The loaders among CALL_RULES that also apply when the function is passed as a value and called
 * elsewhere with its default arguments (`map(torch.load, paths)`, `loader=pickle.load`).
 */
export const VALUE_RULES: readonly CallRule[] = [
  torchLoadRule, hubStateDictRule, pickleRule, jsonpickleRule, shelveRule, joblibRule, readPickleRule, numpyAllowPickleRule, marshalRule,
  yamlRule, torchscriptRule,
];

export const KEYWORD_RULES: readonly KeywordRule[] = [
  trustRemoteCodeRule, useSafetensorsFalseRule, langchainDeserializationRule, verifyFalseRule, allowDangerousCodeRule,
];

export const SUBSCRIPT_ASSIGNMENT_CHECKS: readonly ((site: StatementSite, ctx: ScriptContext) => void)[] = [checkEnvironmentAssignment];
