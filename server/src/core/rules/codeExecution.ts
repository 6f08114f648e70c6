// MSL5xx: code fetched from elsewhere and executed (exec of downloads, curl | sh, pip of URLs).
import type { RuleMeta } from './types';

export const EXEC_DOWNLOADED: RuleMeta = {
  id: 'MSL501',
  name: 'exec-downloaded-content',
  title: '`exec`/`eval`/`compile` of downloaded content',
  family: 'code-execution',
  severity: 'critical',
  confidence: 'high',
  why: 'The script runs whatever the remote server returns, so the server, or anyone between, controls this machine.',
  description:
    '`exec`, `eval` or `compile` is applied to an expression that reads a download (`requests.get(...).text`, `urlopen(...).read()`, ' +
    'a file returned by `hf_hub_download` or `wget.download`, a request made with a `requests.Session`, `httpx.Client` or ' +
    '`aiohttp.ClientSession`), directly or through local variables and `with urlopen(u) as r:` targets.',
  safeAlternative: 'Vendor the code into your repository, or download a pinned release, verify its hash, and import it as a module.',
  references: ['https://docs.python.org/3/library/functions.html#exec'],
};

export const SHELL_DOWNLOAD_RUN: RuleMeta = {
  id: 'MSL502',
  name: 'download-and-run-shell',
  title: 'Shell command that downloads and runs a script',
  family: 'code-execution',
  severity: 'critical',
  confidence: 'high',
  why: 'Piping a download into a shell or interpreter runs whatever the server sends, unreviewed and unpinned.',
  description:
    'A command such as `curl -sSL URL | sh`, `wget -qO- URL | bash`, `bash <(curl URL)` or `python -c "$(curl URL)"`, found in ' +
    '`os.system`, `subprocess` calls and notebook `!` lines and `%%bash` cells.',
  safeAlternative: 'Download the script to a file, verify its SHA-256 against a published value, review it, then run it.',
};

export const PIP_INSTALL_URL: RuleMeta = {
  id: 'MSL503',
  name: 'pip-install-unpinned-url',
  title: '`pip install` of a URL or git reference without a hash',
  family: 'code-execution',
  severity: 'medium',
  confidence: 'high',
  why: 'Installing a package runs its build code, and a URL or branch can serve different code tomorrow.',
  description:
    '`pip install git+https://...@branch`, `pip install https://.../pkg.tar.gz` and the like (in `subprocess`, `os.system`, ' +
    'notebook `%pip` and `!pip` lines) install code that is neither pinned nor checked. Git references pinned to a full 40-hex ' +
    'commit, and commands with `--require-hashes` or `--hash=`, are not reported.',
  safeAlternative: 'Install released versions with hash checking (`pip install --require-hashes -r requirements.txt`), or pin git references to a commit SHA.',
  references: ['https://pip.pypa.io/en/stable/topics/secure-installs/'],
};

export const ALLOW_DANGEROUS_CODE: RuleMeta = {
  id: 'MSL504',
  name: 'allow-dangerous-code',
  title: '`allow_dangerous_code=True`',
  family: 'code-execution',
  severity: 'high',
  confidence: 'high',
  why: 'This flag lets an agent or chain execute Python that a language model wrote, steered by whatever text reaches the model.',
  description: 'LangChain\'s pandas/CSV/Python agents and similar tools refuse to run generated code unless `allow_dangerous_code=True`. Prompt injection in any data the model reads then becomes code execution on this machine.',
  safeAlternative: 'Remove the flag, or run the agent in a disposable sandbox (container without credentials or network).',
};

export const codeExecutionRules: RuleMeta[] = [EXEC_DOWNLOADED, SHELL_DOWNLOAD_RUN, PIP_INSTALL_URL, ALLOW_DANGEROUS_CODE];
