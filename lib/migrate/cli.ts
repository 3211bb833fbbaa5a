import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { RELEASES, type Release } from '../catalog/types';
import type { EnvironmentConfig } from '../config/environment-config';
import { readKubeconfig, type KubeAccess } from '../verify/kube-secrets';
import { backupSummary, kubeconfigNamespace, runBackup, type BackupOptions } from './backup';
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
  /** Where `backup` reads KEYCLOAK_ADMIN_USER / KEYCLOAK_ADMIN_PASSWORD; defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** The clock `backup` names its folder by; defaults to now. */
  readonly now?: () => Date;
}

export const USAGE = `Usage:
  flowx-migrate check PATH... [--json]
      Read Helm values, Kubernetes manifests and .env files (files or folders) of a 5.4
      installation and report what 5.5 changes for it.
      Exit 0: nothing to change; 1: findings; 2: some input could not be read.
  flowx-migrate diff [--from 5.4.0] [--to 5.5.0] [--environment NAME] [--format markdown|json | --json]
      Per service: variables added, removed and changed, and the image change, rendered
      from the contract the stack synthesizes.
  flowx-migrate backup --out DIR [--keycloak-url URL [--realm NAME]...]
                       [--kubeconfig FILE [--context NAME] [--namespace NS]] [--state PATH|DESCRIPTION]
      Write DIR/flowx-backup-<UTC time>/ before upgrading: Keycloak realms and clients, the FlowX
      workloads' images and environment, the Terraform state location, manifest.json. Secrets
      are redacted. The Keycloak admin is KEYCLOAK_ADMIN_USER (default admin) with
      KEYCLOAK_ADMIN_PASSWORD, from the environment.
      Exit 0: all captured; 1: something failed (recorded in manifest.json); 2: usage error.
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
  const full = fullIo(io);
  const [name, ...rest] = argv;
  const command = name === '--help' || name === '-h' || name === undefined ? COMMANDS.help : COMMANDS[name];
  try {
    if (name === 'backup') throw new UsageError('backup talks to Keycloak and Kubernetes asynchronously: run it through mainAsync');
    if (!command) throw new UsageError(`unknown command "${name}"`);
    return command(rest, full);
  } catch (e) {
    return usageFailure(e, full);
  }
}

/**
 * The whole command line, `backup` included (it waits on Keycloak and Kubernetes). Resolves to
 * the exit code; never calls process.exit.
 */
export async function mainAsync(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  if (argv[0] !== 'backup') return main(argv, io);
  const full = fullIo(io);
  try {
    return await runBackupCommand(argv.slice(1), full);
  } catch (e) {
    return usageFailure(e, full);
  }
}

function fullIo(io: Partial<CliIo>): CliIo {
  return {
    stdout: io.stdout ?? ((t) => void process.stdout.write(t)),
    stderr: io.stderr ?? ((t) => void process.stderr.write(t)),
    cwd: io.cwd ?? process.cwd(),
    environments: io.environments ?? [],
    ...(io.env ? { env: io.env } : {}),
    ...(io.now ? { now: io.now } : {}),
  };
}

/** Exit 2 with the usage for a usage error; anything else is a bug and is thrown on. */
function usageFailure(e: unknown, io: CliIo): number {
  if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    io.stderr(`flowx-migrate: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  throw e;
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

async function runBackupCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: 'string' },
      'keycloak-url': { type: 'string' },
      realm: { type: 'string', multiple: true },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      namespace: { type: 'string' },
      state: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
    strict: true,
  });
  if (values.help) return COMMANDS.help!(args, io);
  if (!values.out) throw new UsageError('backup needs --out DIR');
  const keycloakUrl = values['keycloak-url'];
  if (keycloakUrl === undefined && values.kubeconfig === undefined && values.state === undefined) {
    throw new UsageError('nothing to back up: give --keycloak-url, --kubeconfig and/or --state');
  }
  if (values.realm && keycloakUrl === undefined) throw new UsageError('--realm needs --keycloak-url');
  if (values.realm?.some((r) => r.trim() === '')) throw new UsageError('--realm needs a realm name');
  if ((values.context !== undefined || values.namespace !== undefined) && values.kubeconfig === undefined) {
    throw new UsageError('--context and --namespace need --kubeconfig');
  }
  if (values.state !== undefined && values.state.trim() === '') throw new UsageError('--state needs a path or a backend description');
  const out = path.resolve(io.cwd, values.out);
  if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) throw new UsageError(`--out ${values.out} is not a folder`);

  const options: { -readonly [K in keyof BackupOptions]: BackupOptions[K] } = { out, cwd: io.cwd, ...(io.now ? { now: io.now() } : {}) };
  if (keycloakUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(keycloakUrl);
    } catch {
      throw new UsageError('--keycloak-url is not a URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--keycloak-url must be an http(s) URL');
    // The URL is not echoed: it would carry the credentials.
    if (url.username || url.password) throw new UsageError('--keycloak-url must not carry credentials: set KEYCLOAK_ADMIN_USER and KEYCLOAK_ADMIN_PASSWORD');
    const env = io.env ?? process.env;
    const password = env.KEYCLOAK_ADMIN_PASSWORD;
    if (!password) throw new UsageError('KEYCLOAK_ADMIN_PASSWORD is not set (the Keycloak admin password is read from the environment, never from the command line)');
    options.keycloak = { url: url.href.replace(/\/+$/, ''), realms: values.realm ?? [], user: env.KEYCLOAK_ADMIN_USER || 'admin', password };
  }
  if (values.kubeconfig !== undefined) {
    const file = path.resolve(io.cwd, values.kubeconfig);
    let access: KubeAccess;
    let namespace: string | undefined;
    try {
      access = readKubeconfig(file, values.context);
      namespace = values.namespace ?? kubeconfigNamespace(file, values.context);
    } catch (e) {
      throw new UsageError(`--kubeconfig ${values.kubeconfig}: ${kubeconfigReason(e)}`);
    }
    if (!access.token && !(access.cert && access.key)) {
      throw new UsageError(`--kubeconfig ${values.kubeconfig}: its user has neither a client certificate and key nor a token (exec and auth-provider plugins are not supported)`);
    }
    options.kubernetes = { access, kubeconfig: file, ...(values.context ? { context: values.context } : {}), namespace: namespace ?? 'flowx' };
  }
  if (values.state !== undefined) options.state = values.state;

  let result;
  try {
    result = await runBackup(options);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!code) throw e;
    io.stderr(`flowx-migrate backup: cannot write the backup into ${out} (${code})\n`);
    return 1;
  }
  io.stdout(backupSummary(result));
  return result.exitCode;
}

/** Why a kubeconfig could not be used, without quoting it (it holds keys and tokens). */
function kubeconfigReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return `no such file${err.path ? ` (${err.path})` : ''}`;
  if (err.code) return `cannot read${err.path ? ` ${err.path}` : ''} (${err.code})`;
  if (typeof err.name === 'string' && err.name.startsWith('YAML')) return 'not valid YAML';
  if (err instanceof TypeError) return 'not a kubeconfig';
  return err instanceof Error ? err.message.replace(/^kubeconfig \S+:? ?/, '') : 'cannot read';
}
