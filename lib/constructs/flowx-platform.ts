import { Construct } from 'constructs';
import { Annotations } from 'cdktf';
import { GUIDE } from '../catalog/removed-settings';
import type { ServiceName } from '../catalog/services';
import type { EnvironmentConfig } from '../config/environment-config';
import { ConfigurationError } from '../config/problems';
import { resolveEnvironment, validateResolved, type ResolvedEnvironment } from '../config/resolve';
import { DEFAULT_SETTINGS, type PlatformSettings } from '../config/settings';
import { validateEnvironment } from '../config/validate';
import { validateUpgrade, type BackupCheck } from '../config/validate-upgrade';
import { isValidBackup, readBackupManifest } from '../migrate/backup-manifest';
import { isRollback, unrecordedLegacyClients, withRecordedKeycloak } from '../config/rollback';
import type { Problem } from '../config/problems';
import type { Release } from '../catalog/types';
import { FlowxService } from './flowx-service';
import { PlatformNamespace } from './platform-namespace';
import { PlatformDependencies } from './dependencies/platform-dependencies';
import { PlatformIdentity } from './platform-identity';
import { databaseGate } from './database-gate';

export interface FlowxPlatformProps extends EnvironmentConfig {
  /**
   * Settings the configuration leaves open, such as Terraform variables for endpoints.
   * @default - DEFAULT_SETTINGS (in-cluster service names)
   */
  readonly baseSettings?: PlatformSettings;
  /** The release the environment's previous synthesized output declared. @default - none known */
  readonly previousRelease?: Release;
  /** How a named backup folder is checked. @default - isValidBackup (reads its manifest.json) */
  readonly backupCheck?: BackupCheck;
}

/** On a rollback with a backup, the backup's recorded 5.4 Keycloak facts fill what the config leaves open. */
function rollbackConfig(config: EnvironmentConfig, problems: Problem[]): EnvironmentConfig {
  if (!isRollback(config) || !config.upgrade?.backup) return config;
  const read = readBackupManifest(config.upgrade.backup);
  if (!read.manifest) {
    problems.push({ environment: config.name, setting: 'upgrade.backup', message: `cannot read the backup: ${read.reason ?? 'unknown reason'}`, fix: 'name the folder `flowx-migrate backup` wrote, or set keycloak.legacyClientIds yourself' });
    return config;
  }
  return withRecordedKeycloak(config, read.manifest.recorded.keycloak);
}

/**
 * A complete FlowX platform of one release in one namespace. The configuration is checked
 * whole before anything is built: a bad one throws a ConfigurationError listing every problem.
 */
export class FlowxPlatform extends Construct {
  readonly resolved: ResolvedEnvironment;
  readonly namespace: PlatformNamespace;
  readonly dependencies: PlatformDependencies;
  readonly identity: PlatformIdentity;
  readonly services: ReadonlyMap<ServiceName, FlowxService>;

  constructor(scope: Construct, id: string, props: FlowxPlatformProps) {
    super(scope, id);
    const { baseSettings, previousRelease, backupCheck, ...given } = props;
    const problems = validateEnvironment(given);
    if (problems.length === 0) problems.push(...validateUpgrade(given, previousRelease, backupCheck ?? isValidBackup));
    const config = problems.length === 0 ? rollbackConfig(given, problems) : given;
    if (problems.length > 0) throw new ConfigurationError(problems);
    this.resolved = resolveEnvironment(config, baseSettings ?? DEFAULT_SETTINGS);
    const late = validateResolved(this.resolved);
    if (late.length > 0) throw new ConfigurationError(late);

    this.namespace = new PlatformNamespace(this, 'namespace', { name: this.resolved.namespace });
    this.dependencies = new PlatformDependencies(this, 'dependencies', { environment: this.resolved, namespace: this.namespace.name });
    this.identity = new PlatformIdentity(this, 'keycloak', { config, environment: this.resolved, namespace: this.namespace.name });
    const services = new Map<ServiceName, FlowxService>();
    for (const svc of this.resolved.services.filter((s) => s.enabled)) {
      services.set(
        svc.name,
        new FlowxService(this, svc.name, {
          service: svc,
          namespace: this.namespace.name,
          pullPolicy: this.resolved.images.pullPolicy,
          pullSecrets: this.resolved.images.pullSecrets,
          waitForRollout: this.resolved.waitForRollout,
          dependsOn: [...this.dependencies.readyFor(svc.spec.datastores), ...this.identity.readyFor(svc.name)],
          annotations: this.identity.annotationsFor(svc.name),
          ...optional('databaseGate', databaseGate(svc, this.resolved.dependencies.postgres.clientImage)),
        }),
      );
    }
    this.services = services;
    if (isRollback(config)) {
      const assumed = unrecordedLegacyClients(config);
      Annotations.of(this).addWarning(
        `${this.resolved.name}: rolling back to 5.4.0 (${GUIDE.rollback}). Organization Manager's schema changes are not reversed: ` +
          'restore its database from the backup taken before the upgrade if you need the 5.4 state.' +
          (assumed.length ? ` No old client id is recorded for ${assumed.join(', ')}; assuming <service>-sa (set keycloak.legacyClientIds).` : ''),
      );
    }
    if (this.resolved.release === '5.4.0' && this.resolved.dependencies.postgres.mode === 'managed') {
      // The guide: Organization Manager's schema changes are not reversed by a rollback (S1).
      Annotations.of(this).addWarning(
        `${this.resolved.name}: FlowX 5.4.0 runs no Organization Manager. If this environment ran 5.5, its organization_manager ` +
          'database is retained (reclaim policy retain) with 5.5 schema changes that a rollback does not reverse; ' +
          `keep the database backup taken before the upgrade (${GUIDE.rollback}).`,
      );
    }
  }
}

/** `{ [key]: value }` when value is defined, else `{}`: optional props without `undefined` values. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]: V });
}
