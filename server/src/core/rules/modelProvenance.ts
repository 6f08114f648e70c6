// MSL8xx: where model files came from.
import type { RuleMeta } from './types';

export const LFS_POINTER: RuleMeta = {
  id: 'MSL801',
  name: 'git-lfs-pointer',
  title: 'Git LFS pointer instead of a model: nothing scanned',
  family: 'model-provenance',
  severity: 'info',
  confidence: 'high',
  why: 'The real model was never downloaded, so the file that will be loaded later has not been checked.',
  description: 'The file is a Git LFS pointer (a small text file naming the object\'s SHA-256 and size). The model itself is not in the working tree.',
  safeAlternative: 'Run `git lfs pull` (or fetch the object) and scan again.',
};



const rule = (r: Omit<RuleMeta, 'family'>): RuleMeta => ({ ...r, family: 'model-provenance' });

const MANIFEST_DOC = 'The provenance manifest `msl.lock.json` (at the project root, created by `msl lock`) records for each model file its path, size, SHA-256, format and source.';

export const UNLISTED_MODEL = rule({
  id: 'MSL802',
  name: 'model-not-in-manifest',
  title: 'Model file with no provenance record',
  severity: 'low',
  confidence: 'high',
  why: 'Nobody recorded where this model came from or which bytes were reviewed, so a replaced file would go unnoticed.',
  description: `${MANIFEST_DOC} This model file has no entry. Reported only when the project has a manifest. The severity is set by \`provenance.unlisted\` in \`msl.config.json\` (default \`low\`; \`off\` disables it).`,
  safeAlternative: 'Record it: `msl lock PATH --source URL` or `--hub ORG/NAME --revision SHA`, or the editor command **Record Provenance for This File**.',
});

export const DIGEST_MISMATCH = rule({
  id: 'MSL803',
  name: 'manifest-digest-mismatch',
  title: 'Model file differs from its provenance record',
  severity: 'high',
  confidence: 'high',
  why: 'The file on disk is not the file that was recorded: it was replaced, corrupted or tampered with.',
  description: `${MANIFEST_DOC} The file's size or SHA-256 no longer matches its entry. Sizes are compared first, so a size change is reported without hashing.`,
  safeAlternative: 'Restore the recorded file from its source. If the change is intended, review the new file and run `msl lock PATH` to record it.',
});

export const MANIFEST_FILE_MISSING = rule({
  id: 'MSL804',
  name: 'manifest-file-missing',
  title: 'Provenance record for a file that does not exist',
  severity: 'medium',
  confidence: 'high',
  why: 'A recorded model is missing, so whatever is loaded in its place was never checked against the record.',
  description: `${MANIFEST_DOC} An entry names a file that is not in the project. \`msl lock\` keeps such entries (and reports them) unless \`--prune\` is given.`,
  safeAlternative: 'Restore the file, or remove the entry with `msl lock --prune`.',
});

export const SOURCE_PLAIN_HTTP = rule({
  id: 'MSL805',
  name: 'manifest-source-http',
  title: 'Model source over plain HTTP',
  severity: 'medium',
  confidence: 'high',
  why: 'Anyone on the network path can replace a file downloaded over plain HTTP.',
  description: `${MANIFEST_DOC} The entry's source URL uses \`http:\` (or another unencrypted scheme), so re-downloading it can yield different bytes.`,
  safeAlternative: 'Use an `https:` URL, or a Hub repository pinned to a commit.',
});

export const HUB_SOURCE_UNPINNED = rule({
  id: 'MSL806',
  name: 'manifest-hub-unpinned',
  title: 'Hub source without an immutable revision',
  severity: 'medium',
  confidence: 'high',
  why: 'A branch or tag can be moved to other files, so the recorded source does not identify the bytes.',
  description: `${MANIFEST_DOC} A Hub source must name a 40-hex commit id as \`revision\`; \`main\`, a tag or a short id can change.`,
  safeAlternative: 'Record the commit SHA of the snapshot (shown on the Hub as the commit of the files).',
});

export const MANIFEST_INVALID = rule({
  id: 'MSL807',
  name: 'manifest-invalid',
  title: 'Provenance manifest cannot be read',
  severity: 'medium',
  confidence: 'high',
  why: 'Entries that cannot be read are not checked, so files they describe are not verified.',
  description: `${MANIFEST_DOC} The file is not valid JSON or an entry breaks the schema (\`schemas/msl.lock.schema.json\`); the readable entries are still checked.`,
  safeAlternative: 'Fix the entries named in the message (the editor validates the file against the schema).',
});

export const SIGNATURE_INVALID = rule({
  id: 'MSL810',
  name: 'signature-invalid',
  title: 'Model signature does not verify',
  severity: 'critical',
  confidence: 'high',
  why: 'The signature was not made by the trusted key over this statement, so the signed digests prove nothing.',
  description:
    'The OpenSSF Model Signing bundle named by the entry (a Sigstore bundle whose DSSE envelope carries an in-toto statement) was checked offline ' +
    'with `@sigstore/verify` against the public key (or trusted root) configured for the project, and the DSSE signature, certificate chain or ' +
    'required transparency-log / timestamp evidence failed.',
  safeAlternative: 'Obtain the model and its signature again from the publisher; never load a model whose signature fails.',
});

export const SIGNED_DIGEST_MISMATCH = rule({
  id: 'MSL811',
  name: 'signed-digest-mismatch',
  title: 'File differs from the signed digest',
  severity: 'critical',
  confidence: 'high',
  why: 'The publisher signed different bytes than the ones on disk: the file was replaced after signing.',
  description: 'The signature verifies, but the SHA-256 the signed statement lists for this file differs from the file\'s.',
  safeAlternative: 'Restore the file the publisher signed.',
});

export const NOT_COVERED_BY_SIGNATURE = rule({
  id: 'MSL812',
  name: 'not-covered-by-signature',
  title: 'File not covered by its signature',
  severity: 'high',
  confidence: 'high',
  why: 'The signature verifies but does not mention this file, so it says nothing about these bytes.',
  description: 'The signed statement lists file names and digests (its subjects, or the model-signing predicate\'s resources); this file is not among them.',
  safeAlternative: 'Use the signature bundle that covers this file, or ask the publisher to sign it.',
});

export const UNSIGNED_WHERE_REQUIRED = rule({
  id: 'MSL813',
  name: 'unsigned-model',
  title: 'Model without a signature where signing is required',
  severity: 'high',
  confidence: 'high',
  why: 'The project requires signed models and this one has no signature to check.',
  description: 'Reported when `provenance.requireSignatures` is `true` in `msl.config.json` and the model\'s manifest entry has no `signature`.',
  safeAlternative: 'Add `"signature": {"bundle": "..."}` to the entry with the publisher\'s bundle, or sign the model yourself (OpenSSF model signing).',
});

export const SIGNATURE_UNUSABLE = rule({
  id: 'MSL814',
  name: 'signature-unusable',
  title: 'Signature bundle or key cannot be used',
  severity: 'high',
  confidence: 'high',
  why: 'The signature could not be checked at all, so the model is effectively unsigned.',
  description: 'The bundle file is missing or malformed (not a Sigstore bundle with a DSSE envelope, or its payload is not an in-toto statement), no public key / trusted root (and, for certificate-based bundles, no accepted signer) is configured to check it, or the trusted root is malformed.',
  safeAlternative: 'Point `signature.bundle` at a valid bundle and configure `signature.publicKey` or `provenance.publicKey` / `provenance.trustedRoot` and `provenance.signers`.',
});

export const CARD_MISSING_LICENSE = rule({
  id: 'MSL820',
  name: 'model-card-no-license',
  title: 'Model card declares no licence',
  severity: 'low',
  confidence: 'medium',
  why: 'Without a declared licence nobody can tell whether the project may use the model at all.',
  description: 'A model folder\'s Hugging Face-style `README.md` has no `license:` in its YAML front matter (or there is no front matter). Reported once per folder, on its first model file.',
  safeAlternative: 'Find the licence at the source and record it (`license:` in the card and in `msl.lock.json`).',
});

export const CARD_MISSING_BASE_MODEL = rule({
  id: 'MSL821',
  name: 'model-card-no-base-model',
  title: 'Model card does not name its base model',
  severity: 'info',
  confidence: 'medium',
  why: 'A fine-tune inherits the base model\'s licence and risks, which cannot be traced without its name.',
  description: 'The model card front matter has no `base_model:`. Reported once per folder, on its first model file.',
  safeAlternative: 'Add `base_model: org/name` to the card.',
});

export const CONFIG_AUTO_MAP = rule({
  id: 'MSL822',
  name: 'model-needs-remote-code',
  title: 'Model folder requires custom code (`auto_map`)',
  severity: 'high',
  confidence: 'high',
  why: 'An `auto_map` makes loaders import Python files shipped with the model, which runs them (`trust_remote_code=True`).',
  description: 'The folder\'s `config.json` (or `tokenizer_config.json`) has an `auto_map` naming classes in modules of the repository, so Transformers only loads it with `trust_remote_code=True` and then executes that code.',
  safeAlternative: 'Prefer a checkpoint for an architecture the library supports natively; otherwise review the modules, vendor them, and pin the revision.',
});

export const PYTHON_IN_MODEL_FOLDER = rule({
  id: 'MSL823',
  name: 'python-in-model-folder',
  title: 'Python code shipped inside a model folder',
  severity: 'medium',
  confidence: 'medium',
  why: 'Code shipped with weights is what `trust_remote_code` runs, and it changes with the model rather than with your repository.',
  description: '`*.py` files sit beside the model files. High when the folder\'s `auto_map` refers to them (they will be imported), medium otherwise.',
  safeAlternative: 'Review the files; move code you rely on into your own source tree.',
});

export const LICENSE_FORBIDS_USE = rule({
  id: 'MSL824',
  name: 'license-forbids-use',
  title: 'Licence restricts the recorded use',
  severity: 'medium',
  confidence: 'medium',
  why: 'The model\'s licence does not allow the use the project recorded for it.',
  description:
    'The manifest entry (or model card) declares a licence and the entry records a `use` (`commercial`, `research`, `production`...). A small table of ' +
    'licences with use restrictions (non-commercial Creative Commons, research-only and responsible-AI licences) is checked; this is a prompt to read the licence, not legal advice.',
  safeAlternative: 'Check the licence terms with whoever approves licences, or pick a model licensed for this use.',
});

export const HUB_ORG_TYPOSQUAT = rule({
  id: 'MSL830',
  name: 'hub-org-typosquat',
  title: 'Hub organisation name looks like a typo-squat',
  severity: 'medium',
  confidence: 'medium',
  why: 'Attackers register names one letter away from well-known publishers to get their models loaded by mistake.',
  description: 'A Hub repository id (in code or in the manifest) has an organisation one or two edits (Damerau-Levenshtein), or a look-alike character, away from a well-known organisation, and is not that organisation.',
  safeAlternative: 'Check the exact spelling of the organisation on the Hub and load from the publisher\'s own repository.',
});

export const PIN_FROM_MANIFEST = rule({
  id: 'MSL831',
  name: 'hub-load-pin-from-manifest',
  title: 'Hub load can be pinned to the revision in the manifest',
  severity: 'low',
  confidence: 'high',
  why: 'The manifest records the commit that was reviewed, but the code would load whatever the repository holds today.',
  description: 'A script loads `org/name` without `revision` (or with a branch or tag), and `msl.lock.json` records that repository at a commit. The quick fix inserts that commit.',
  safeAlternative: 'Pass `revision="<commit from msl.lock.json>"`.',
});

export const REVISION_DIFFERS_FROM_MANIFEST = rule({
  id: 'MSL832',
  name: 'hub-load-revision-differs',
  title: 'Hub load pins a different revision than the manifest',
  severity: 'medium',
  confidence: 'high',
  why: 'The code loads another commit than the one recorded and reviewed in the manifest.',
  description: 'The call passes a 40-hex `revision` that differs from the revision `msl.lock.json` records for the repository.',
  safeAlternative: 'Use the recorded revision, or review the new one and update the manifest.',
});

export const modelProvenanceRules: RuleMeta[] = [
  LFS_POINTER, UNLISTED_MODEL, DIGEST_MISMATCH, MANIFEST_FILE_MISSING, SOURCE_PLAIN_HTTP, HUB_SOURCE_UNPINNED, MANIFEST_INVALID,
  SIGNATURE_INVALID, SIGNED_DIGEST_MISMATCH, NOT_COVERED_BY_SIGNATURE, UNSIGNED_WHERE_REQUIRED, SIGNATURE_UNUSABLE,
  CARD_MISSING_LICENSE, CARD_MISSING_BASE_MODEL, CONFIG_AUTO_MAP, PYTHON_IN_MODEL_FOLDER, LICENSE_FORBIDS_USE,
  HUB_ORG_TYPOSQUAT, PIN_FROM_MANIFEST, REVISION_DIFFERS_FROM_MANIFEST,
];
