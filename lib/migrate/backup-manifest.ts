import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RecordedSettings } from './check';

/** Version of `manifest.json` in a `flowx-migrate backup` folder; bumped on any incompatible change. */
export const BACKUP_SCHEMA = 'flowx-migrate/backup@1';

/** The file every backup folder holds; the rest is listed in it. */
export const MANIFEST_FILE = 'manifest.json';

/** Name prefix of the dated folders `backup` writes inside `--out`. */
export const BACKUP_FOLDER_PREFIX = 'flowx-backup-';

/** What a backup can hold. */
export type BackupPart = 'keycloak' | 'kubernetes' | 'terraform';

export interface CapturedPart {
  readonly part: BackupPart;
  /** Paths relative to the backup folder. */
  readonly files: readonly string[];
  /** One line: what was captured (counts, namespace, realms). */
  readonly summary: string;
}

export interface SkippedPart {
  readonly part: BackupPart;
  /** Why it was not captured (for example: not requested, and which option requests it). */
  readonly reason: string;
}

/** Something that was requested and could not be captured; the rest of the backup is still written. */
export interface FailedItem {
  readonly part: BackupPart;
  /** What failed: `admin login`, `realm "flowx"`, `cronjobs`, `state file`. */
  readonly item: string;
  /** Why; never a secret value (HTTP status, "no such file", …). */
  readonly reason: string;
}

/** The 5.4 facts a rollback needs, derived the way `check` derives them (`check --json`'s `recorded`). */
export interface BackupRecorded extends RecordedSettings {
  /** Which captured file they were read from; null when nothing they could be read from was captured. */
  readonly from: string | null;
}

/** `manifest.json` of a backup folder. */
export interface BackupManifest {
  readonly schema: typeof BACKUP_SCHEMA;
  /** ISO 8601 UTC time the backup started. */
  readonly createdAt: string;
  readonly tool: { readonly name: 'flowx-migrate'; readonly version: string };
  /** True when everything requested was captured (no `failed` entries). */
  readonly complete: boolean;
  readonly captured: readonly CapturedPart[];
  readonly skipped: readonly SkippedPart[];
  readonly failed: readonly FailedItem[];
  readonly recorded: BackupRecorded;
  readonly notes: readonly string[];
}

/** The result of reading a backup folder's manifest. */
export type ManifestRead = { readonly manifest: BackupManifest; readonly reason?: undefined } | { readonly manifest?: undefined; readonly reason: string };

/**
 * Reads and checks `manifest.json` of a backup folder (a relative `dir` is taken from the process's
 * working directory). Only reads files; never writes.
 */
export function readBackupManifest(dir: string): ManifestRead {
  const folder = path.resolve(dir);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(folder);
  } catch {
    return { reason: `no such folder: ${folder}` };
  }
  if (!stat.isDirectory()) return { reason: `${folder} is not a folder` };
  const file = path.join(folder, MANIFEST_FILE);
  if (!fs.existsSync(file)) {
    const backups = backupFoldersIn(folder);
    if (backups.length > 0) {
      return { reason: `${folder} has no ${MANIFEST_FILE}; it holds backups, name one of them, e.g. ${path.join(folder, backups.at(-1)!)} (the newest)` };
    }
    return { reason: `${folder} has no ${MANIFEST_FILE}: not a folder written by \`flowx-migrate backup\`` };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return { reason: e instanceof SyntaxError ? `${MANIFEST_FILE} is not valid JSON` : `cannot read ${MANIFEST_FILE}` };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { reason: `${MANIFEST_FILE} is not a JSON object` };
  const m = doc as Record<string, unknown>;
  if (m.schema !== BACKUP_SCHEMA) {
    return { reason: `${MANIFEST_FILE} has schema ${JSON.stringify(m.schema ?? null)}, expected "${BACKUP_SCHEMA}"` };
  }
  if (typeof m.createdAt !== 'string' || Number.isNaN(Date.parse(m.createdAt))) return { reason: `${MANIFEST_FILE} has no valid createdAt` };
  for (const key of ['captured', 'skipped', 'failed', 'notes'] as const) {
    if (!Array.isArray(m[key])) return { reason: `${MANIFEST_FILE} has no "${key}" list` };
  }
  if (typeof m.complete !== 'boolean') return { reason: `${MANIFEST_FILE} has no "complete" flag` };
  if (typeof m.recorded !== 'object' || m.recorded === null) return { reason: `${MANIFEST_FILE} has no "recorded" settings` };
  return { manifest: doc as BackupManifest };
}

/**
 * Whether `dir` is a usable `flowx-migrate backup` folder, and why not. Usable: its `manifest.json`
 * has schema `flowx-migrate/backup@1`, the backup is complete (nothing requested failed), it
 * captured something, and every file the manifest lists is there. Pure apart from reading files.
 */
export function isValidBackup(dir: string): { ok: boolean; reason?: string } {
  const read = readBackupManifest(dir);
  if (!read.manifest) return { ok: false, reason: read.reason };
  const m = read.manifest;
  if (!m.complete || m.failed.length > 0) {
    const first = m.failed[0];
    const what = first ? `${first.part} ${first.item}: ${first.reason}` : 'it is marked incomplete';
    const more = m.failed.length > 1 ? ` (and ${m.failed.length - 1} more)` : '';
    return { ok: false, reason: `the backup is incomplete: ${what}${more}; run \`flowx-migrate backup\` again` };
  }
  if (m.captured.length === 0) return { ok: false, reason: 'the backup captured nothing' };
  const folder = path.resolve(dir);
  for (const c of m.captured) {
    for (const f of c.files ?? []) {
      const full = path.resolve(folder, f);
      if (path.relative(folder, full).startsWith('..') || !fs.existsSync(full)) {
        return { ok: false, reason: `${f}, listed in ${MANIFEST_FILE}, is missing` };
      }
    }
  }
  return { ok: true };
}

/** The `flowx-backup-*` folders directly inside `dir`, oldest first (the names sort by time). */
export function backupFoldersIn(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name.startsWith(BACKUP_FOLDER_PREFIX))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
}
