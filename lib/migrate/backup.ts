import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { adminToken, fetchJson } from '../verify/keycloak-http';
import { kubeGet, type KubeAccess } from '../verify/kube-secrets';
import {
  BACKUP_FOLDER_PREFIX,
  BACKUP_SCHEMA,
  MANIFEST_FILE,
  type BackupManifest,
  type BackupPart,
  type BackupRecorded,
  type CapturedPart,
  type FailedItem,
  type SkippedPart,
} from './backup-manifest';
import { redactClients, redactRealm, SecretCollector } from './backup-redact';
import {
  configMapPath,
  extractWorkloads,
  recordedFromWorkloads,
  redactConfigMap,
  WORKLOAD_KINDS,
  WORKLOAD_LISTS,
  type BackupConfigMap,
  type WorkloadKindName,
} from './backup-workloads';
import { maskUri, REDACTED } from './redact';

/** What `flowx-migrate backup` was asked to capture. Absent parts are recorded as skipped. */
export interface BackupOptions {
  /** The folder the dated backup folder is created in (created when missing). */
  readonly out: string;
  /** Relative `--state` paths are taken from here. */
  readonly cwd: string;
  readonly keycloak?: {
    /** Keycloak's base URL, no credentials in it. */
    readonly url: string;
    /** Realms to capture; empty: every realm except master. */
    readonly realms: readonly string[];
    readonly user: string;
    /** From KEYCLOAK_ADMIN_PASSWORD; never written or printed. */
    readonly password: string;
  };
  readonly kubernetes?: {
    readonly access: KubeAccess;
    readonly kubeconfig: string;
    readonly context?: string;
    readonly namespace: string;
  };
  /** `--state`: a state file or folder, or a free-text description of the backend. */
  readonly state?: string;
  /** The backup's time (defaults to now); names the folder. */
  readonly now?: Date;
  /** Defaults to this package's version. */
  readonly version?: string;
}

export interface BackupResult {
  /** The dated folder that was written. */
  readonly dir: string;
  readonly manifest: BackupManifest;
  /** 0: everything requested was captured; 1: something requested failed (recorded in the manifest). */
  readonly exitCode: 0 | 1;
  /** How many values were replaced by `<redacted>` (or masked inside URLs). */
  readonly redacted: number;
}

/** `flowx-backup-YYYYMMDDTHHMMSSZ` for a time (UTC). */
export function backupFolderName(now: Date): string {
  return BACKUP_FOLDER_PREFIX + now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}

/**
 * Creates the dated backup folder inside `out` and returns its path. An existing folder is never
 * reused: when the name is taken (two backups in the same second), `-2`, `-3`, … is appended.
 */
export function createBackupFolder(out: string, now: Date): string {
  fs.mkdirSync(out, { recursive: true });
  const base = backupFolderName(now);
  for (let i = 1; ; i++) {
    const dir = path.join(out, i === 1 ? base : `${base}-${i}`);
    try {
      fs.mkdirSync(dir, { mode: 0o700 }); // exclusive: fails with EEXIST rather than reuse a folder
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** A state file as `terraform.json` records it: where, how big, its digest; never its content. */
export interface StateFileRecord {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly modified: string;
}

export type StateLocation =
  | ({ readonly kind: 'file' } & StateFileRecord)
  | { readonly kind: 'directory'; readonly path: string; readonly stateFiles: readonly StateFileRecord[] }
  | { readonly kind: 'description'; readonly text: string };

const PATH_LIKE = /^(~|\.{1,2})?[\\/]|^[A-Za-z]:[\\/]|\.tfstate(\.backup)?$/;
const CREDENTIAL_PAIR = /\b([\w.-]*(?:secret|password|passwd|token|key|credential)[\w.-]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;]+)/gi;

function stateFile(file: string, stat: fs.Stats): StateFileRecord {
  const sha256 = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  return { path: file, size: stat.size, sha256, modified: stat.mtime.toISOString() };
}

/**
 * Where the Terraform state is, from `--state`: an existing file (absolute path, size, sha256), an
 * existing folder (its `*.tfstate` files, the way cdktf's local backend names them), or a
 * description of a remote backend (credential-looking pairs and URL userinfo masked). A path that
 * does not exist is an error.
 */
export function describeState(state: string, cwd: string): StateLocation {
  const expanded = state.replace(/^~(?=$|[\\/])/, os.homedir());
  const full = path.resolve(cwd, expanded);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(full);
  } catch {
    stat = undefined;
  }
  if (stat?.isFile()) return { kind: 'file', ...stateFile(full, stat) };
  if (stat?.isDirectory()) {
    const stateFiles = fs
      .readdirSync(full)
      .filter((n) => /\.tfstate$/.test(n))
      .sort()
      .map((n) => path.join(full, n))
      .flatMap((f) => {
        const s = fs.statSync(f);
        return s.isFile() ? [stateFile(f, s)] : [];
      });
    return { kind: 'directory', path: full, stateFiles };
  }
  if (PATH_LIKE.test(state.trim())) throw new Error(`no such file or folder: ${full}`);
  return { kind: 'description', text: maskUri(state.trim()).replace(CREDENTIAL_PAIR, `$1$2${REDACTED}`) };
}

/** The namespace a kubeconfig context names (the current one by default), if any. */
export function kubeconfigNamespace(file: string, context?: string): string | undefined {
  const doc = parse(fs.readFileSync(file, 'utf8')) as { 'current-context'?: string; contexts?: { name?: string; context?: { namespace?: unknown } }[] } | null;
  const name = context || doc?.['current-context'];
  const ns = (doc?.contexts ?? []).find((c) => c?.name === name)?.context?.namespace;
  return typeof ns === 'string' && ns !== '' ? ns : undefined;
}

/** This package's version, from the package.json above this file (source or dist). */
export function toolVersion(): string {
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'flowx-platform-cdktf' && pkg.version) return pkg.version;
    } catch {
      // keep looking upwards
    }
  }
  return 'unknown';
}

function reasonOf(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  const cause = err?.cause?.code ?? err?.cause?.message;
  return `${err instanceof Error ? err.message : String(e)}${cause ? ` (${cause})` : ''}`;
}

/** A realm name as a file name: anything but letters, digits, `.`, `_`, `-` becomes `_`. */
export function realmFileName(realm: string, taken: ReadonlySet<string>): string {
  const base = realm.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_';
  let name = `${base}.json`;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}.json`;
  return name;
}

/**
 * Collects the backup's documents and writes them at the end, so the last pass masks every secret
 * seen anywhere in the backup (a password from a workload inside a Keycloak setting too).
 */
class Writer {
  private readonly docs: [string, unknown][] = [];
  constructor(
    readonly dir: string,
    private readonly secrets: SecretCollector,
  ) {}

  /** Queues a JSON document; returns its path relative to the backup folder, with `/`. */
  json(rel: string, doc: unknown): string {
    this.docs.push([rel, doc]);
    return rel.split(path.sep).join('/');
  }

  /** Writes every queued document, secrets masked; never overwrites a file. */
  flush(): void {
    for (const [rel, doc] of this.docs.splice(0)) {
      const file = path.join(this.dir, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, JSON.stringify(this.secrets.scrub(doc), null, 2) + '\n', { flag: 'wx', mode: 0o600 });
    }
  }
}

interface PartOutcome {
  captured?: CapturedPart;
  failed: FailedItem[];
  notes: string[];
}

async function backupKeycloak(opts: NonNullable<BackupOptions['keycloak']>, out: Writer, secrets: SecretCollector): Promise<PartOutcome & { clients: Map<string, Set<string>> }> {
  const failed: FailedItem[] = [];
  const notes: string[] = [];
  const clientsByRealm = new Map<string, Set<string>>();
  const fail = (item: string, e: unknown) => failed.push({ part: 'keycloak', item, reason: reasonOf(e) });
  const base = opts.url.replace(/\/+$/, '');
  secrets.remember(opts.password);
  let token: string;
  try {
    token = await adminToken(base, opts.user, opts.password);
    secrets.remember(token);
  } catch (e) {
    fail('admin login', e);
    return { failed, notes, clients: clientsByRealm };
  }
  let realms = [...opts.realms];
  if (realms.length === 0) {
    try {
      const list = (await fetchJson(`${base}/admin/realms`, token)) as { realm?: unknown }[];
      realms = (Array.isArray(list) ? list : []).map((r) => r.realm).filter((r): r is string => typeof r === 'string' && r !== 'master');
      if (realms.length === 0) failed.push({ part: 'keycloak', item: 'realms', reason: 'Keycloak has no realm other than master' });
    } catch (e) {
      fail('realm list', e);
    }
  }
  const files: string[] = [];
  const taken = new Set<string>();
  let clientCount = 0;
  for (const realm of realms) {
    const at = `${base}/admin/realms/${encodeURIComponent(realm)}`;
    try {
      const settings = await fetchJson(at, token);
      const clients = await fetchJson(`${at}/clients`, token);
      const redactedClients = redactClients(clients, secrets);
      const fileName = realmFileName(realm, taken);
      taken.add(fileName);
      files.push(
        out.json(path.join('keycloak', fileName), {
          realm,
          keycloakUrl: maskUri(base),
          endpoints: [`GET /admin/realms/${realm}`, `GET /admin/realms/${realm}/clients`],
          settings: redactRealm(settings, secrets),
          clients: redactedClients,
        }),
      );
      clientCount += redactedClients.length;
      clientsByRealm.set(realm, new Set(redactedClients.map((c) => (c as { clientId?: unknown }).clientId).filter((c): c is string => typeof c === 'string')));
    } catch (e) {
      fail(`realm "${realm}"`, e);
    }
  }
  const captured: CapturedPart | undefined =
    files.length > 0
      ? {
          part: 'keycloak',
          files,
          summary: `${files.length} realm${files.length === 1 ? '' : 's'} (${[...clientsByRealm.keys()].join(', ')}), ${clientCount} client${clientCount === 1 ? '' : 's'} from ${maskUri(base)}`,
        }
      : undefined;
  return { ...(captured ? { captured } : {}), failed, notes, clients: clientsByRealm };
}

async function backupKubernetes(
  opts: NonNullable<BackupOptions['kubernetes']>,
  out: Writer,
  secrets: SecretCollector,
): Promise<PartOutcome & { recorded?: BackupRecorded }> {
  const failed: FailedItem[] = [];
  const notes: string[] = [];
  const fail = (item: string, e: unknown) => failed.push({ part: 'kubernetes', item, reason: reasonOf(e) });
  const ns = opts.namespace;
  const lists: Partial<Record<WorkloadKindName, unknown>> = {};
  for (const kind of WORKLOAD_KINDS) {
    try {
      const list = await kubeGet(opts.access, WORKLOAD_LISTS[kind](ns));
      if (list === undefined) notes.push(`the API server has no ${kind} list (404); none captured`);
      lists[kind] = list ?? { items: [] };
    } catch (e) {
      fail(`${kind} list in namespace "${ns}"`, e);
    }
  }
  if (Object.keys(lists).length === 0) return { failed, notes };
  const { workloads, configMaps: refs } = extractWorkloads(lists, secrets);
  const configMaps: BackupConfigMap[] = [];
  const missingConfigMaps: { name: string; referencedBy: readonly string[]; optional: boolean }[] = [];
  for (const ref of refs) {
    try {
      const cm = await kubeGet(opts.access, configMapPath(ns, ref.name));
      if (cm === undefined) {
        missingConfigMaps.push({ name: ref.name, referencedBy: ref.referencedBy, optional: ref.optional });
        notes.push(`ConfigMap "${ref.name}" (referenced by ${ref.referencedBy.join(', ')}${ref.optional ? ', optional' : ''}) does not exist in namespace "${ns}"`);
      } else {
        configMaps.push(redactConfigMap(cm, ref, secrets));
      }
    } catch (e) {
      fail(`ConfigMap "${ref.name}"`, e);
    }
  }
  if (workloads.length === 0 && failed.length === 0) {
    failed.push({
      part: 'kubernetes',
      item: 'workloads',
      reason: `no FlowX workload in namespace "${ns}" (a Deployment, StatefulSet, Job or CronJob named, or labelled app.kubernetes.io/name, after a catalog service); is --namespace right?`,
    });
  }
  const rel = path.join('kubernetes', 'workloads.json');
  const file = out.json(rel, {
    namespace: ns,
    server: maskUri(opts.access.server),
    ...(opts.context ? { context: opts.context } : {}),
    note: 'Secret values are never read: secretKeyRef and secretRef are kept as references. Credential-named variables are <redacted>.',
    workloads,
    configMaps,
    missingConfigMaps,
  });
  const recorded = recordedFromWorkloads(workloads, configMaps, file);
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return {
    captured: { part: 'kubernetes', files: [file], summary: `${n(workloads.length, 'workload')}, ${n(configMaps.length, 'ConfigMap')} in namespace "${ns}"` },
    failed,
    notes,
    recorded: { ...recorded, from: file },
  };
}

function backupTerraform(state: string, cwd: string, out: Writer): PartOutcome {
  let location: StateLocation;
  try {
    location = describeState(state, cwd);
  } catch (e) {
    return { failed: [{ part: 'terraform', item: 'state', reason: reasonOf(e) }], notes: [] };
  }
  const notes: string[] = [];
  if (location.kind === 'directory' && location.stateFiles.length === 0) {
    notes.push(`${location.path} holds no *.tfstate file: if the state is in a remote backend, describe it with --state "<backend, bucket, key>"`);
  }
  const file = out.json('terraform.json', {
    state: location,
    note: 'The state itself is not copied: it can hold secrets. Back it up where it lives (backend versioning, or a copy with restricted access); sha256 tells whether it changed since.',
  });
  const summary =
    location.kind === 'file'
      ? `state file ${location.path} (${location.size} bytes, sha256 ${location.sha256.slice(0, 12)}…)`
      : location.kind === 'directory'
        ? `folder ${location.path} (${location.stateFiles.length} state file${location.stateFiles.length === 1 ? '' : 's'})`
        : `backend: ${location.text}`;
  return { captured: { part: 'terraform', files: [file], summary }, failed: [], notes };
}

const NOT_REQUESTED: Readonly<Record<BackupPart, string>> = {
  keycloak: 'not requested (give --keycloak-url URL)',
  kubernetes: 'not requested (give --kubeconfig FILE)',
  terraform: 'not requested (give --state PATH or a backend description)',
};

/**
 * Writes a backup into a new dated folder inside `options.out`: Keycloak realms and clients,
 * the FlowX workloads' environment and images, the Terraform state location, and manifest.json.
 * A part that fails is recorded in the manifest and the rest is still written.
 */
export async function runBackup(options: BackupOptions): Promise<BackupResult> {
  const now = options.now ?? new Date();
  const dir = createBackupFolder(options.out, now);
  const secrets = new SecretCollector();
  const out = new Writer(dir, secrets);
  const captured: CapturedPart[] = [];
  const skipped: SkippedPart[] = [];
  const failed: FailedItem[] = [];
  const notes: string[] = [];
  const take = (o: PartOutcome) => {
    if (o.captured) captured.push(o.captured);
    failed.push(...o.failed);
    notes.push(...o.notes);
  };

  let realmClients: Map<string, Set<string>> | undefined;
  if (options.keycloak) {
    const kc = await backupKeycloak(options.keycloak, out, secrets);
    take(kc);
    realmClients = kc.clients;
  } else skipped.push({ part: 'keycloak', reason: NOT_REQUESTED.keycloak });

  let recorded: BackupRecorded = { keycloak: { legacyClientIds: {} }, conflicts: [], from: null };
  if (options.kubernetes) {
    const k = await backupKubernetes(options.kubernetes, out, secrets);
    take(k);
    if (k.recorded) recorded = k.recorded;
  } else skipped.push({ part: 'kubernetes', reason: NOT_REQUESTED.kubernetes });

  if (options.state !== undefined) take(backupTerraform(options.state, options.cwd, out));
  else skipped.push({ part: 'terraform', reason: NOT_REQUESTED.terraform });

  notes.push(...crossCheck(recorded, realmClients));

  const manifest: BackupManifest = {
    schema: BACKUP_SCHEMA,
    createdAt: now.toISOString(),
    tool: { name: 'flowx-migrate', version: options.version ?? toolVersion() },
    complete: failed.length === 0,
    captured,
    skipped,
    failed,
    recorded,
    notes,
  };
  // Scrubbed here (not only when written) because the summary printed from it must be clean too.
  const safe = secrets.scrub(manifest);
  out.json(MANIFEST_FILE, safe);
  out.flush();
  return { dir, manifest: safe, exitCode: failed.length === 0 ? 0 : 1, redacted: secrets.count };
}

/** Notes on the recorded 5.4 settings: missing, or not found among the captured Keycloak clients. */
function crossCheck(recorded: BackupRecorded, realmClients: Map<string, Set<string>> | undefined): string[] {
  const notes: string[] = [];
  const kc = recorded.keycloak;
  if (recorded.from === null) {
    notes.push('no workload environment was captured, so the 5.4 Keycloak settings a rollback needs were not recorded: run `flowx-migrate check` on your values, or set EnvironmentConfig.keycloak');
    return notes;
  }
  for (const c of recorded.conflicts) notes.push(`recorded: ${c}; not recorded`);
  if (!kc.mainRealm) notes.push('recorded: no main realm (SECURITY_OAUTH2_REALM) found in the workloads\' environment');
  if (!realmClients || realmClients.size === 0) return notes;
  if (kc.mainRealm && !realmClients.has(kc.mainRealm)) notes.push(`recorded: the main realm "${kc.mainRealm}" is not among the captured realms`);
  const all = new Set([...realmClients.values()].flatMap((s) => [...s]));
  const ids = [...(kc.introspectionClientId ? [kc.introspectionClientId] : []), ...Object.values(kc.legacyClientIds)];
  for (const id of ids) if (id && !all.has(id)) notes.push(`recorded: client "${id}" is not among the captured Keycloak clients`);
  return notes;
}

/** The few lines `backup` prints. */
export function backupSummary(result: BackupResult): string {
  const m = result.manifest;
  const lines = [`flowx-migrate backup: wrote ${result.dir}`];
  for (const c of m.captured) lines.push(`  ${c.part}: ${c.summary}`);
  for (const s of m.skipped) lines.push(`  ${s.part}: skipped, ${s.reason}`);
  for (const f of m.failed) lines.push(`  ${f.part}: FAILED ${f.item}: ${f.reason}`);
  const kc = m.recorded.keycloak;
  const legacy = Object.entries(kc.legacyClientIds);
  if (m.recorded.from) {
    lines.push(
      `  recorded for rollback: main realm ${kc.mainRealm ?? '(not found)'}, introspection client ${kc.introspectionClientId ?? '(not found)'}, ${legacy.length} old service-account client id${legacy.length === 1 ? '' : 's'}`,
    );
  }
  for (const n of m.notes) lines.push(`  note: ${n}`);
  lines.push(`  ${result.redacted} value${result.redacted === 1 ? '' : 's'} redacted; no Secret was read`);
  lines.push(
    result.exitCode === 0
      ? `Complete. Before upgrading to 5.5.0, name this folder in the environment's upgrade.backup.`
      : `Incomplete: ${m.failed.length} failure${m.failed.length === 1 ? '' : 's'} recorded in ${MANIFEST_FILE} (exit 1). Fix the cause and run backup again.`,
  );
  return lines.join('\n') + '\n';
}
