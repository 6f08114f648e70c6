// MSL4xx: how models and data travel to the script (plain-text URLs, missing hashes, TLS off).
import type { RuleMeta } from './types';

export const INSECURE_URL: RuleMeta = {
  id: 'MSL401',
  name: 'insecure-model-url',
  title: 'Model or data downloaded over `http://` or `ftp://`',
  family: 'code-transport',
  severity: 'medium',
  confidence: 'high',
  why: 'Anyone on the network path can replace a file fetched without TLS, and a replaced model file can run code.',
  description:
    'Download and loading helpers (`torch.hub.load_state_dict_from_url`, `download_url_to_file`, `urllib.request.urlretrieve` / ' +
    '`urlopen`, `requests` and `httpx` calls, `keras.utils.get_file`, `wget.download`, `gdown.download`, `torchvision` ' +
    '`download_url`, `pandas.read_pickle`, ...) given a literal `http://` or `ftp://` URL, directly or through a module constant. ' +
    'The quick fix changes `http://` to `https://` where the literal is written.',
  safeAlternative: 'Use `https://` and verify the file\'s SHA-256 after download.',
};

export const DOWNLOAD_WITHOUT_HASH: RuleMeta = {
  id: 'MSL402',
  name: 'download-without-hash',
  title: 'Model downloaded without a hash check',
  family: 'code-transport',
  severity: 'low',
  confidence: 'medium',
  why: 'Without a hash check, a replaced or corrupted file is loaded as if it were the one you tested.',
  description:
    'Reported for `torch.hub.load_state_dict_from_url` without `check_hash=True`, `torch.hub.download_url_to_file` without ' +
    '`hash_prefix`, `keras.utils.get_file` without `file_hash`, and `urllib.request.urlretrieve` of a URL whose name ends in a ' +
    'model-file extension.',
  safeAlternative: 'Pass the expected SHA-256 (`check_hash=True` with the hash in the file name, `hash_prefix=`, `file_hash=`), or check it with `hashlib` before loading.',
};

export const TLS_VERIFY_DISABLED: RuleMeta = {
  id: 'MSL403',
  name: 'tls-verification-disabled',
  title: 'TLS certificate verification disabled',
  family: 'code-transport',
  severity: 'medium',
  confidence: 'high',
  why: 'With certificate checks off, anyone on the network path can impersonate the server and replace what is downloaded.',
  description:
    '`verify=False` (requests, httpx, boto3 and others) and `ssl._create_unverified_context()` accept any certificate. Model ' +
    'files, datasets and code fetched that way can be swapped in transit. Confidence is lower when the callee is not resolved ' +
    'to a known HTTP client.',
  safeAlternative: 'Remove `verify=False`; for a private certificate authority pass its bundle (`verify="/path/ca.pem"`).',
  references: ['https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification'],
};

export const codeTransportRules: RuleMeta[] = [INSECURE_URL, DOWNLOAD_WITHOUT_HASH, TLS_VERIFY_DISABLED];
