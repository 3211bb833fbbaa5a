import * as fs from 'node:fs';
import * as path from 'node:path';
import type { App } from 'cdktf';
import type { EnvironmentConfig } from '../lib/config/environment-config';
import { ConfigurationError, type Problem } from '../lib/config/problems';
import { validateEnvironments } from '../lib/config/validate';
import { FlowxStack, PLATFORM_VERSION_OUTPUT } from './flowx-stack';
import { RELEASES, type Release } from '../lib/catalog/types';

/**
 * Builds one stack per environment and synthesizes them all, or none: every problem of every
 * environment is gathered first, and on failure the output folder holds no stack that could
 * pass for current.
 */
export function synthesizeEnvironments(app: App, environments: readonly EnvironmentConfig[]): FlowxStack[] {
  const problems: Problem[] = validateEnvironments(environments);
  const stacks: FlowxStack[] = [];
  if (problems.length === 0) {
    for (const config of environments) {
      try {
        const previousRelease = previousReleaseOf(app.outdir, config.name);
        stacks.push(new FlowxStack(app, config, previousRelease ? { previousRelease } : {}));
      } catch (e) {
        if (!(e instanceof ConfigurationError)) throw e;
        problems.push(...e.problems);
      }
    }
  }
  if (problems.length > 0) {
    removeOutput(app.outdir);
    throw new ConfigurationError(problems);
  }
  for (const stack of stacks) stack.runAllValidations();
  app.synth();
  return stacks;
}

/** The release the last good synth of this environment declared (its platform_version output). */
export function previousReleaseOf(outdir: string, name: string): Release | undefined {
  const file = path.join(outdir, 'stacks', name, 'cdk.tf.json');
  if (!fs.existsSync(file)) return undefined;
  try {
    const value = (JSON.parse(fs.readFileSync(file, 'utf8')) as { output?: Record<string, { value?: unknown }> }).output?.[PLATFORM_VERSION_OUTPUT]?.value;
    return (RELEASES as readonly unknown[]).includes(value) ? (value as Release) : undefined;
  } catch {
    return undefined;
  }
}

function removeOutput(outdir: string): void {
  fs.rmSync(path.join(outdir, 'stacks'), { recursive: true, force: true });
  fs.rmSync(path.join(outdir, 'manifest.json'), { force: true });
}

/** `FLOWX_ENVIRONMENTS=a,b` limits a run to some environments; unknown names are an error. */
export function selectEnvironments(all: readonly EnvironmentConfig[], selection: string | undefined): EnvironmentConfig[] {
  if (!selection) return [...all];
  const wanted = selection.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((w) => !all.some((e) => e.name === w));
  if (unknown.length > 0) {
    throw new ConfigurationError(
      unknown.map((name) => ({
        environment: name,
        setting: 'FLOWX_ENVIRONMENTS',
        message: 'no such environment',
        fix: `choose from ${all.map((e) => e.name).join(', ')}`,
      })),
    );
  }
  return all.filter((e) => wanted.includes(e.name));
}
