import type { FoundVariable } from './found-variable';

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.\-]*)\s*=\s*(.*)$/;

export interface DotenvResult {
  readonly variables: Omit<FoundVariable, 'service' | 'file'>[];
  /** Line numbers that are neither `KEY=VALUE`, a comment nor blank. */
  readonly badLines: number[];
}

/** `KEY=VALUE` lines, `export` prefixes, `#` comments, single or double quotes. */
export function parseDotenv(text: string): DotenvResult {
  const variables: Omit<FoundVariable, 'service' | 'file'>[] = [];
  const badLines: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/^\uFEFF/, '');
    if (/^\s*(#.*)?$/.test(line)) return;
    const m = LINE.exec(line);
    if (!m) {
      badLines.push(i + 1);
      return;
    }
    const name = m[1] as string;
    variables.push({ line: i + 1, location: name, name, value: { kind: 'literal', value: unquote(m[2] as string) }, confidential: false });
  });
  return { variables, badLines };
}

function unquote(raw: string): string {
  const v = raw.trim();
  const quoted = /^(['"])([\s\S]*)\1$/.exec(v);
  if (quoted) return quoted[1] === '"' ? (quoted[2] as string).replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1') : (quoted[2] as string);
  return v.replace(/\s+#.*$/, '');
}

