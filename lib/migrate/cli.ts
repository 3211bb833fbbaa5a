import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { RELEASES, type Release } from '../catalog/types';
import type { EnvironmentConfig } from '../config/environment-config';
import { checkInputs } from './check';
import { checkJson, checkText } from './check-report';
import { diffReleases } from './diff';
import { diffJson, diffMarkdown } from './diff-report';
import { readInputs } from './read-inputs';

/** What `main` talks to; tests pass their own, the binary passes the process's. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Relative paths are read from here and printed relative to it. */
  readonly cwd: string;
  /** Environments `diff --environment NAME` may name (bin/flowx-migrate passes stacks/environments). */
  readonly environments: readonly EnvironmentConfig[];
}

export const USAGE = `Usage:
  flowx-migrate check PATH... [--json]
      Read Helm values, Kubernetes manifests and .env files (files or folders) of a 5.4
      installation and report what 5.5 changes for it.
      Exit 0: nothing to change; 1: findings; 2: some input could not be read.
  flowx-migrate diff [--from 5.4.0] [--to 5.5.0] [--environment NAME] [--format markdown|json | --json]
      Per service: variables added, removed and changed, and the image change, rendered
      from the contract the stack synthesizes.
  flowx-migrate help

See docs/migration.md.
`;

class UsageError extends Error {}

type Command = (args: string[], io: CliIo) => number;

const COMMANDS: Readonly<Record<string, Command>> = {
  check: runCheck,
  diff: runDiff,
  help: (_args, io) => {
    io.stdout(USAGE);
    return 0;
  },
};

/** The `flowx-migrate` command line. Returns the exit code; never calls process.exit. */
export function main(argv: readonly string[], io: Partial<CliIo> = {}): number {
  const full: CliIo = {
    stdout: io.stdout ?? ((t) => void process.stdout.write(t)),
    stderr: io.stderr ?? ((t) => void process.stderr.write(t)),
    cwd: io.cwd ?? process.cwd(),
    environments: io.environments ?? [],
  };
  const [name, ...rest] = argv;
  const command = name === '--help' || name === '-h' || name === undefined ? COMMANDS.help : COMMANDS[name];
  try {
    if (!command) throw new UsageError(`unknown command "${name}"`);
    return command(rest, full);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      full.stderr(`flowx-migrate: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

function runCheck(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return COMMANDS.help!(args, io);
  const format = values.json ? 'json' : (values.format ?? 'text');
  if (format !== 'text' && format !== 'json') throw new UsageError(`check prints text or json, not "${format}"`);
  if (positionals.length === 0) throw new UsageError('check needs at least one file or folder');
  const display = (file: string) => {
    const rel = path.relative(io.cwd, file);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  };
  const input = readInputs(positionals.map((p) => path.resolve(io.cwd, p)), display);
  const report = checkInputs(input);
  io.stdout(format === 'json' ? checkJson(report) : checkText(report));
  if (format === 'json' && report.unreadable.length > 0) {
    for (const u of report.unreadable) io.stderr(`flowx-migrate: cannot read ${u.file}: ${u.reason}\n`);
  }
  return report.exitCode;
}

function runDiff(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string', default: '5.4.0' },
      to: { type: 'string', default: '5.5.0' },
      environment: { type: 'string' },
      format: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) return COMMANDS.help!(args, io);
  const release = (flag: string, v: string): Release => {
    if (!(RELEASES as readonly string[]).includes(v)) throw new UsageError(`--${flag} ${v}: the catalog has ${RELEASES.join(', ')}`);
    return v as Release;
  };
  const from = release('from', values.from);
  const to = release('to', values.to);
  const format = values.json ? 'json' : (values.format ?? 'markdown');
  if (format !== 'markdown' && format !== 'json') throw new UsageError(`diff prints markdown or json, not "${format}"`);
  let config: EnvironmentConfig | undefined;
  if (values.environment !== undefined) {
    config = io.environments.find((e) => e.name === values.environment);
    if (!config) {
      const known = io.environments.map((e) => e.name).join(', ') || '(none configured)';
      throw new UsageError(`no environment "${values.environment}"; configured: ${known}`);
    }
  }
  const report = diffReleases(from, to, config);
  io.stdout(format === 'json' ? diffJson(report) : diffMarkdown(report));
  return 0;
}
