// Provenance: the manifest (`msl.lock.json`), hashing, signatures, model folders, typo-squats.
// The engine computes; only the CLI (`msl lock`) and the editor command write the manifest.
export * from './manifest';
export { parseManifest, type ManifestProblem, type ParsedManifest } from './manifestParse';
export { planLock, upsertEntry, type LockDiff, type LockPlan, type LockRequest, type ObservedFile } from './lockPlan';
export { hashFile, HashCache, HASH_CHUNK_BYTES, type FileDigest, type HashOptions, type HashProgress } from './hash';
export { checkEntry, checkManifest, checkModelFile, type ModelFileCheckOptions } from './check';
export {
  absolutePathOf, detectFileFormat, entryLine, entryPathOf, isModelFormat, loadProvenanceProject, type ProvenanceProject,
} from './project';
export { parseProvenanceConfig, type ProvenanceConfig } from './config';
export { typosquatOf, damerauLevenshtein, WELL_KNOWN_ORGS, type TyposquatHit } from './typosquat';
export { verifyModelSignature, type SignatureCheck, type SignatureTrust } from './signature/verify';
export { hubPinsOf, type HubPins } from './hubPins';
export { observeFiles, type ObserveOptions, type ObserveResult } from './observe';
export { entrySignature, type EntrySignature } from './signatureCheck';
export { signatureFiles, trustFilePath } from './signatureFiles';
export {
  fileProvenanceStatus, sourceStatus, type FileProvenanceStatus, type ManifestStatus, type SignatureStatus, type SourceStatus, type StatusOptions,
} from './status';
