import * as fs from 'node:fs';
import * as path from 'node:path';
import { transformSync } from '@swc/core';
import type { EnvironmentConfig } from '../lib/config/environment-config';
import { validateEnvironment } from '../lib/config/validate';

// The README's configuration example must be a configuration the stack accepts.
test('the README configuration example validates', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const block = /```ts\n(export const staging: EnvironmentConfig = \{[\s\S]*?\n\};)\n```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const js = transformSync(block!.replace('export const staging: EnvironmentConfig =', 'module.exports ='), { jsc: { parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }).code;
  const mod = { exports: {} as EnvironmentConfig };
  new Function('module', js)(mod);
  expect(mod.exports.name).toBe('staging');
  expect(validateEnvironment(mod.exports)).toEqual([]);
});
