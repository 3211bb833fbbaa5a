import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServiceName } from '../catalog/services';
import { canonicalSettingName } from '../catalog/removed-settings';
import type { FoundVariable, InputFile, ReadResult, UnreadableInput } from './found-variable';
import { parseDotenv } from './read-dotenv';
import { readYaml, YamlReadError } from './read-yaml';
import { detectService, fileStem, type ServiceHint } from './service-detection';
import { APPLICATION_NAME } from './watched-settings';

/** A .env file with lines that are not KEY=VALUE. */
class DotenvReadError extends Error {}

/** Folders a directory walk never enters. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.terraform', 'cdktf.out']);

export function isDotenvName(base: string): boolean {
  return /^\.env(\..+)?$/i.test(base) || /\.env$/i.test(base);
}
export function isYamlName(base: string): boolean {
  return /\.ya?ml$/i.test(base);
}

/**
 * The files behind the paths a user gave: a file is read whatever its name (JSON is YAML);
 * a folder is walked recursively for `.yaml`, `.yml`, `.env`, `*.env` and `.env.*` files.
 */
export function collectFiles(paths: readonly string[]): { files: string[]; unreadable: UnreadableInput[] } {
  const files: string[] = [];
  const unreadable: UnreadableInput[] = [];
  const seenDirs = new Set<string>();
  const walk = (dir: string, found: string[]) => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch (e) {
      unreadable.push({ file: dir, reason: ioReason(e) });
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let names: string[];
    try {
      names = fs.readdirSync(dir).sort();
    } catch (e) {
      unreadable.push({ file: dir, reason: ioReason(e) });
      return;
    }
    for (const name of names) {
      const full = path.join(dir, name);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(full);
      } catch (e) {
        unreadable.push({ file: full, reason: ioReason(e) });
        continue;
      }
      if (stat.isDirectory()) {
        if (!SKIPPED_DIRS.has(name)) walk(full, found);
      } else if (stat.isFile() && (isYamlName(name) || isDotenvName(name))) {
        found.push(full);
      }
    }
  };
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      unreadable.push({ file: p, reason: ioReason(e) });
      continue;
    }
    if (stat.isDirectory()) {
      const found: string[] = [];
      walk(p, found);
      if (found.length === 0) unreadable.push({ file: p, reason: 'no .yaml, .yml or .env files in this folder' });
      files.push(...found);
    } else {
      files.push(p);
    }
  }
  return { files: [...new Set(files)], unreadable };
}

/** Reads every file; one that cannot be read is named with the reason and the rest still read. */
export function readInputs(paths: readonly string[], display: (file: string) => string = (f) => f): ReadResult {
  const { files, unreadable } = collectFiles(paths);
  const read: InputFile[] = [];
  const bad: UnreadableInput[] = unreadable.map((u) => ({ ...u, file: display(u.file) }));
  for (const file of files) {
    const shown = display(file);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      bad.push({ file: shown, reason: ioReason(e) });
      continue;
    }
    try {
      read.push(readText(text, file, shown));
    } catch (e) {
      if (e instanceof YamlReadError || e instanceof DotenvReadError) bad.push({ file: shown, reason: e.message });
      else throw e;
    }
  }
  return { files: read, unreadable: bad };
}


/** Reads one file's text; `file` decides the format and gives the name hints. */
export function readText(text: string, file: string, shown = file): InputFile {
  const base = path.basename(file);
  const hints: ServiceHint[] = [
    { source: 'file-name', text: fileStem(base) },
    { source: 'folder-name', text: path.basename(path.dirname(path.resolve(file))) },
  ].filter((h) => h.text !== '') as ServiceHint[];
  if (isDotenvName(base) || looksLikeDotenv(base, text)) {
    const { variables, badLines } = parseDotenv(text);
    if (badLines.length > 0) {
      const lines = badLines.slice(0, 5).join(', ') + (badLines.length > 5 ? ', …' : '');
      throw new DotenvReadError(`not a .env file: line${badLines.length > 1 ? 's' : ''} ${lines} ${badLines.length > 1 ? 'are' : 'is'} not KEY=VALUE`);
    }
    const app = variables.find((v) => canonicalSettingName(v.name) === canonicalSettingName(APPLICATION_NAME));
    const appHint: ServiceHint[] = app && app.value.kind === 'literal' ? [{ source: 'application-name', text: app.value.value }] : [];
    const service = detectService([...appHint, ...hints]);
    const found: FoundVariable[] = variables.map((v) => ({ ...v, file: shown, ...(service ? { service } : {}) }));
    const services: ServiceName[] = service && variables.length > 0 ? [service] : [];
    return { file: shown, format: 'dotenv', services, variables: found };
  }
  const content = readYaml(text, hints);
  return {
    file: shown,
    format: content.format,
    services: [...content.services].sort(),
    // In file order (a Secret's stringData may come before its data).
    variables: content.variables.map((v) => ({ ...v, file: shown })).sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  };
}

/** A file named explicitly (`app.properties.txt`, `compose-env`) whose lines are all KEY=VALUE. */
function looksLikeDotenv(base: string, text: string): boolean {
  if (isYamlName(base) || /\.json$/i.test(base)) return false;
  const { variables, badLines } = parseDotenv(text);
  return variables.length > 0 && badLines.length === 0;
}

function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    case 'ELOOP':
      return 'too many symbolic links';
    default:
      return code ? `cannot read (${code})` : 'cannot read';
  }
}
