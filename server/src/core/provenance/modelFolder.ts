// Checks of the folder a model file sits in, the way Hugging Face repositories are laid out:
// the model card (`README.md` front matter), `config.json`'s `auto_map` (custom code), and
// Python files shipped with the weights. Reads only small text files; never imports anything.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createFinding, type Finding } from '../findings';
import {
  CARD_MISSING_BASE_MODEL, CARD_MISSING_LICENSE, CONFIG_AUTO_MAP, PYTHON_IN_MODEL_FOLDER,
} from '../rules/modelProvenance';
import { fieldText, parseFrontMatter } from './frontMatter';

const MAX_TEXT_BYTES = 1024 * 1024;
const MAX_PY_LISTED = 20;

export interface ModelFolderFacts {
  /** Model card licence, when the card has one. */
  cardLicense?: string;
  baseModel?: string;
  /** Modules named by `auto_map` (`modeling_x` of `modeling_x.Class`). */
  autoMapModules: string[];
  pythonFiles: string[];
  hasCard: boolean;
}

/** Reads what the folder says about its models (missing files are simply absent facts). */
export function readModelFolder(dir: string): ModelFolderFacts {
  const facts: ModelFolderFacts = { autoMapModules: [], pythonFiles: [], hasCard: false };
  const card = readSmall(path.join(dir, 'README.md'));
  if (card !== undefined) {
    const fm = parseFrontMatter(card);
    facts.hasCard = fm.present;
    const license = fieldText(fm, 'license') ?? fieldText(fm, 'license_name');
    if (license) facts.cardLicense = license;
    const base = fieldText(fm, 'base_model');
    if (base) facts.baseModel = base;
  }
  for (const name of ['config.json', 'tokenizer_config.json']) {
    const text = readSmall(path.join(dir, name));
    if (text !== undefined) facts.autoMapModules.push(...autoMapModules(text));
  }
  facts.autoMapModules = [...new Set(facts.autoMapModules)].sort();
  try {
    facts.pythonFiles = fs.readdirSync(dir).filter((n) => n.endsWith('.py')).sort();
  } catch {
    // Unreadable folder: nothing to say about it.
  }
  return facts;
}

/** `"auto_map": {"AutoModel": "modeling_x.XModel", "AutoTokenizer": ["tok.T", null]}` -> modules. */
export function autoMapModules(configText: string): string[] {
  let raw: unknown;
  try {
    raw = JSON.parse(configText);
  } catch {
    return [];
  }
  const map = (raw as { auto_map?: unknown } | null)?.auto_map;
  if (typeof map !== 'object' || map === null) return [];
  const out: string[] = [];
  for (const v of Object.values(map as Record<string, unknown>)) {
    for (const ref of Array.isArray(v) ? v : [v]) {
      if (typeof ref !== 'string') continue;
      const local = ref.includes('--') ? ref.slice(ref.indexOf('--') + 2) : ref; // "org/repo--module.Class"
      const dot = local.lastIndexOf('.');
      if (dot > 0) out.push(local.slice(0, dot));
    }
  }
  return out.length > 0 ? out : ['(auto_map)'];
}

/** Folder findings for a model file in `dir` (callers report them once per folder). */
export function modelFolderFindings(dir: string, facts: ModelFolderFacts = readModelFolder(dir)): Finding[] {
  const out: Finding[] = [];
  const rel = (n: string) => `${path.basename(dir)}/${n}`;
  const cardLocation = { kind: 'pointer' as const, pointer: rel('README.md') };
  if (facts.hasCard && !facts.cardLicense) {
    out.push(createFinding(CARD_MISSING_LICENSE, { message: `The model card ${rel('README.md')} declares no \`license\`.`, location: cardLocation }));
  }
  if (facts.hasCard && !facts.baseModel) {
    out.push(createFinding(CARD_MISSING_BASE_MODEL, { message: `The model card ${rel('README.md')} does not name a \`base_model\`.`, location: cardLocation }));
  }
  if (facts.autoMapModules.length > 0) {
    out.push(createFinding(CONFIG_AUTO_MAP, {
      message: `The folder's configuration has an \`auto_map\`: loading it needs \`trust_remote_code=True\`, which runs ${facts.autoMapModules.join(', ')}.`,
      location: { kind: 'pointer', pointer: `${rel('config.json')}#/auto_map` },
      evidence: facts.autoMapModules.join(', '),
    }));
  }
  if (facts.pythonFiles.length > 0) {
    const imported = facts.pythonFiles.filter((f) => facts.autoMapModules.some((m) => `${m.split('.').join('/')}.py` === f || `${m}.py` === f));
    const listed = facts.pythonFiles.slice(0, MAX_PY_LISTED).join(', ') + (facts.pythonFiles.length > MAX_PY_LISTED ? ', …' : '');
    out.push(createFinding(PYTHON_IN_MODEL_FOLDER, {
      message: imported.length > 0
        ? `Python files ship with the model and \`auto_map\` imports ${imported.join(', ')}: ${listed}.`
        : `Python files ship with the model: ${listed}.`,
      location: { kind: 'pointer', pointer: rel(facts.pythonFiles[0]!) },
      evidence: listed,
      ...(imported.length > 0 ? { severity: 'high' as const } : {}),
    }));
  }
  return out;
}

function readSmall(file: string): string | undefined {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size > MAX_TEXT_BYTES) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
