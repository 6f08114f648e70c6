// The YAML front matter of a Hugging Face model card, read as a safe subset: top-level
// `key: scalar`, `key: [a, b]` and `key:` followed by `- item` lines. Anything else (anchors,
// tags, nested maps) is skipped, never evaluated: we only need a few string fields.

export type FrontMatterValue = string | string[];

export interface FrontMatter {
  /** True when the text starts with a `---` block that is closed. */
  present: boolean;
  fields: Map<string, FrontMatterValue>;
}

const MAX_FRONT_MATTER_LINES = 2000;

export function parseFrontMatter(text: string): FrontMatter {
  const fields = new Map<string, FrontMatterValue>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return { present: false, fields };
  let listKey: string | undefined;
  for (let i = 1; i < lines.length && i < MAX_FRONT_MATTER_LINES; i++) {
    const line = lines[i]!;
    if (line.trim() === '---' || line.trim() === '...') return { present: true, fields };
    if (/^\s*(#|$)/.test(line)) continue;
    const item = /^\s+-\s*(.*)$/.exec(line) ?? /^-\s+(.*)$/.exec(line);
    if (item && listKey !== undefined) {
      const v = scalar(item[1]!);
      const list = fields.get(listKey);
      if (v !== undefined && Array.isArray(list)) list.push(v);
      continue;
    }
    const kv = /^([A-Za-z_][\w.-]*)\s*:(?:\s+(.*))?$/.exec(line);
    if (!kv) {
      if (!/^\s/.test(line)) listKey = undefined; // an unsupported top-level line ends any list
      continue;
    }
    const key = kv[1]!;
    const rest = (kv[2] ?? '').trim();
    listKey = undefined;
    if (rest === '') {
      fields.set(key, []);
      listKey = key;
    } else if (rest.startsWith('[') && rest.endsWith(']')) {
      fields.set(key, splitFlow(rest.slice(1, -1)));
    } else {
      const v = scalar(rest);
      if (v !== undefined) fields.set(key, v);
    }
  }
  return { present: false, fields: new Map() };
}

/** A plain, single- or double-quoted scalar; anchors, aliases, tags and block scalars are not read. */
function scalar(raw: string): string | undefined {
  const s = raw.replace(/\s+#.*$/, '').trim();
  if (s === '' || /^[&*!|>{[]/.test(s)) return undefined;
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s.endsWith(s[0])) return s.slice(1, -1);
  return s;
}

function splitFlow(body: string): string[] {
  return body.split(',').map((p) => scalar(p)).filter((v): v is string => v !== undefined);
}

/** A field as one string (the first item of a list). */
export function fieldText(fm: FrontMatter, key: string): string | undefined {
  const v = fm.fields.get(key);
  if (Array.isArray(v)) return v[0];
  return v;
}
