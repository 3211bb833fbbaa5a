import { CHARTS, DEFAULT_POSTGRES_CLIENT_IMAGE, type ChartPin } from '../catalog/charts';
import { SecretNames } from '../catalog/secret-names';
import type { ServiceName } from '../catalog/services';
import type { SecretKeyRef } from '../contract/env-value';
import type { ChartSource, DependencyMode, EnvironmentConfig } from './environment-config';
import { databaseOf, type PlatformSettings } from './settings';

/** One PostgreSQL database with its own login role, owned by one service (or SpiceDB). */
export interface DatabaseSpec {
  readonly name: string;
  /** The role that owns it; same as the database name. */
  readonly role: string;
  /** The service (or 'spicedb') that owns it. */
  readonly owner: ServiceName | 'spicedb';
  /** basic-auth Secret with `username` and `password`, read by the role and the service. */
  readonly secret: SecretKeyRef;
}

export interface ResolvedDependencies {
  readonly postgres: {
    readonly mode: DependencyMode;
    readonly chart: ChartPin;
    readonly operatorChart: ChartPin;
    readonly imageRegistry?: string;
    readonly instances: number;
    readonly storageSize: string;
    readonly databases: readonly DatabaseSpec[];
    /** Image of the services' wait-for-database init container. */
    readonly clientImage: string;
  };
  readonly redis: { readonly mode: DependencyMode; readonly chart: ChartPin; readonly imageRegistry?: string };
  readonly kafka: {
    readonly mode: DependencyMode;
    readonly chart: ChartPin;
    readonly operatorChart: ChartPin;
    readonly imageRegistry?: string;
    readonly replicas: number;
  };
  readonly spicedb: {
    readonly mode: DependencyMode;
    readonly chart: ChartPin;
    readonly imageRegistry?: string;
    /** Where SpiceDB's postgres:// URI lives: made by the stack, or the user's. */
    readonly datastoreSecret: SecretKeyRef;
  };
}

export const SPICEDB_DATABASE = 'spicedb';

/** Databases each running service needs, plus SpiceDB's when both are managed. */
export function resolveDependencies(
  config: EnvironmentConfig,
  settings: PlatformSettings,
  postgresUsers: readonly { readonly name: ServiceName; readonly database?: string; readonly sharesDatabaseWith?: string }[],
): ResolvedDependencies {
  const d = config.datastores ?? {};
  const mode = (m: DependencyMode | undefined): DependencyMode => m ?? 'managed';
  const pin = (given: ChartSource | undefined, fallback: ChartPin): ChartPin => ({ ...fallback, ...given });
  const registry = (r: string | undefined) => (r ? { imageRegistry: r } : {});

  const databases: DatabaseSpec[] = [];
  for (const svc of postgresUsers) {
    if (svc.sharesDatabaseWith) continue;
    const name = databaseOf(settings, svc.name, svc.database);
    databases.push({ name, role: name, owner: svc.name, secret: settings.postgres.passwordSecrets[svc.name] ?? SecretNames.postgresPassword(svc.name) });
  }
  const spicedbMode = mode(d.spicedb?.mode);
  const postgresMode = mode(d.postgres?.mode);
  if (spicedbMode === 'managed' && postgresMode === 'managed') {
    databases.push({ name: SPICEDB_DATABASE, role: SPICEDB_DATABASE, owner: 'spicedb', secret: SecretNames.postgresPassword('spicedb') });
  }
  const datastore = d.spicedb?.datastoreSecret;
  return {
    postgres: {
      mode: postgresMode,
      chart: pin(d.postgres?.chart, CHARTS.postgresCluster),
      operatorChart: pin(d.postgres?.operatorChart, CHARTS.postgresOperator),
      ...registry(d.postgres?.imageRegistry),
      instances: d.postgres?.instances ?? 1,
      storageSize: d.postgres?.storageSize ?? '10Gi',
      databases,
      clientImage:
        d.postgres?.clientImage ??
        (d.postgres?.imageRegistry ? `${d.postgres.imageRegistry.replace(/\/$/, '')}/cloudnative-pg/postgresql:16` : DEFAULT_POSTGRES_CLIENT_IMAGE),
    },
    redis: { mode: mode(d.redis?.mode), chart: pin(d.redis?.chart, CHARTS.redis), ...registry(d.redis?.imageRegistry) },
    kafka: {
      mode: mode(d.kafka?.mode),
      chart: pin(d.kafka?.chart, CHARTS.kafkaCluster),
      operatorChart: pin(d.kafka?.operatorChart, CHARTS.kafkaOperator),
      ...registry(d.kafka?.imageRegistry),
      replicas: d.kafka?.replicas ?? 1,
    },
    spicedb: {
      mode: spicedbMode,
      chart: pin(d.spicedb?.chart, CHARTS.spicedb),
      ...registry(d.spicedb?.imageRegistry),
      datastoreSecret: datastore ? { secretName: datastore.name, key: datastore.key } : SecretNames.spicedbDatastore(),
    },
  };
}
