import * as fs from 'node:fs';
import * as path from 'node:path';
import { RELEASES } from '../catalog/types';
import { contractReference, readmeTables } from './reference-tables';

export const README_BEGIN = '<!-- BEGIN GENERATED: reference tables (npm run docs) -->';
export const README_END = '<!-- END GENERATED -->';

/** Every generated file (path relative to `root`) with the content it should have. */
export function generatedFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const r of RELEASES) files.set(`docs/reference/contract-${r}.md`, contractReference(r) + '\n');
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${README_BEGIN} … ${README_END} markers`);
  files.set('README.md', readme.slice(0, start + README_BEGIN.length) + '\n\n' + readmeTables() + '\n\n' + readme.slice(end));
  return files;
}

/** Paths whose committed content differs from what the generator makes. */
export function staleFiles(root: string): string[] {
  return [...generatedFiles(root)].filter(([rel, content]) => {
    const file = path.join(root, rel);
    return !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content;
  }).map(([rel]) => rel);
}
