import type { ServiceName } from '../catalog/services';
import type { Release, ServiceAccountSpec } from '../catalog/types';
import type { EnvValue } from '../contract/env-value';
import type { ServiceFlags } from '../contract/environment-contract';
import type { KeycloakSettings } from './settings';

/** CPU and memory of one container. */
export interface ResourceSpec {
  readonly requests?: { readonly cpu?: string; readonly memory?: string };
  readonly limits?: { readonly cpu?: string; readonly memory?: string };
}

/** What a user may change about one service without touching library code. */
export interface ServiceOverrides {
  /** @default - the catalog's: on when FlowX ships an image for the release */
  readonly enabled?: boolean;
  /** @default - `<registry>/<repositoryPrefix>/<catalog image>:<catalog version>` */
  readonly image?: { readonly repository?: string; readonly tag?: string };
  /** @default 1 */
  readonly replicas?: number;
  /** @default - `workloads.resources` */
  readonly resources?: ResourceSpec;
  /** Name of the PostgreSQL database (and role) the service owns. @default - the catalog's */
  readonly database?: string;
  /** Overrides of the catalog's security flags where its assumptions are wrong for you. */
  readonly flags?: Partial<ServiceFlags>;
  /**
   * Variables to add, or to replace a contract variable of the same (relaxed-binding) name.
   * A plain string is a literal; secrets must be `EnvValue.fromSecret(secret, key)`.
   */
  readonly env?: Readonly<Record<string, string | EnvValue>>;
}

/** One environment (one stack), as a user writes it. */
export interface EnvironmentConfig {
  /** Stack name; also the Terraform workspace folder under cdktf.out/stacks. */
  readonly name: string;
  readonly platformVersion: Release;
  /** @default 'flowx' */
  readonly namespace?: string;
  readonly images?: {
    /** @default 'registry.flowx.ai' */
    readonly registry?: string;
    /** @default 'flowx' */
    readonly repositoryPrefix?: string;
    /** @default 'IfNotPresent' */
    readonly pullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
    /** Names of existing docker-registry Secrets in the namespace. @default [] */
    readonly pullSecrets?: readonly string[];
  };
  /** Keycloak as the services see it. The URL defaults to the `keycloak_url` Terraform variable. */
  readonly keycloak?: Partial<Omit<KeycloakSettings, 'legacyClientIds'>> & {
    readonly legacyClientIds?: Readonly<Partial<Record<ServiceName, string>>>;
    /**
     * The main (user) realm: `unmanaged` (not declared; 5.4 clients refer to it by name),
     * `existing` (read by a data source, must exist) or `managed` (created by this stack).
     * @default 'unmanaged'
     */
    readonly mainRealmMode?: 'unmanaged' | 'existing' | 'managed';
    /** Token settings of the service-account realm. @default - access tokens live 5 minutes */
    readonly tokens?: { readonly accessTokenLifespan?: string };
    /** Client-secret version per service; raising one rotates that secret in Keycloak and Kubernetes. @default 1 */
    readonly rotation?: Readonly<Partial<Record<ServiceName, number>>>;
    /** Replaces the catalog's role lists of a service account, field by field. */
    readonly serviceAccountRoles?: Readonly<Partial<Record<ServiceName, Partial<ServiceAccountSpec>>>>;
  };
  /**
   * The datastores the contracts reference. PostgreSQL, Redis, Kafka and SpiceDB are
   * `managed` (deployed by this stack through Helm) unless set to `external`; MongoDB and
   * Elasticsearch are always external (their Secrets and URIs are yours).
   */
  readonly datastores?: {
    readonly postgres?: PostgresConfig;
    readonly redis?: RedisConfig;
    readonly kafka?: KafkaConfig;
    readonly elasticsearch?: { readonly uris?: string };
    readonly spicedb?: SpicedbConfig;
  };
  readonly workloads?: {
    /**
     * Wait for Deployments to roll out during apply. Keep it on for real clusters; only
     * an API server without nodes (the e2e tier) turns it off.
     * @default true
     */
    readonly waitForRollout?: boolean;
    /** @default - requests 250m/768Mi, limits 1 CPU/1536Mi */
    readonly resources?: ResourceSpec;
  };
  readonly services?: Readonly<Partial<Record<ServiceName, ServiceOverrides>>>;
  /**
   * Carrying an installation across releases. 5.4.0 → 5.5.0 needs a backup first (the guide's
   * step 1); 5.5.0 → 5.4.0 is a rollback and reads the old client ids from the backup.
   */
  readonly upgrade?: {
    readonly from: Release;
    /** The folder `flowx-migrate backup` wrote before the upgrade. */
    readonly backup?: string;
    /** Proceed without a backup folder because you backed up by other means. @default false */
    readonly acknowledgeNoBackup?: boolean;
  };
}

/** `managed`: deployed by the stack through the helm provider. `external`: yours, only referenced. */
export type DependencyMode = 'managed' | 'external';

/** A key of an existing Kubernetes Secret in the platform namespace. */
export interface SecretKeyInput {
  readonly name: string;
  readonly key: string;
}

/** Where a managed dependency's chart comes from; point it at a private mirror when air-gapped. */
export interface ChartSource {
  /** Chart repository URL (https:// or oci://) or empty for a local chart path. */
  readonly repository?: string;
  /** Chart name, or a local directory. */
  readonly chart?: string;
  /** Exact chart version. */
  readonly version?: string;
}

interface ManagedSettings {
  /** @default 'managed' */
  readonly mode?: DependencyMode;
  /** Chart of the dependency itself. @default - see docs/adr/0005 */
  readonly chart?: ChartSource;
  /** Container registry the chart's images are pulled from. @default - the chart's own */
  readonly imageRegistry?: string;
}

export interface PostgresConfig extends ManagedSettings {
  /** Required when external. @default 'flowx-postgresql-rw' when managed */
  readonly host?: string;
  /** @default 5432 */
  readonly port?: number;
  /** Operator chart (CloudNativePG) when managed. */
  readonly operatorChart?: ChartSource;
  /** @default 1 */
  readonly instances?: number;
  /**
   * Image with `psql` for the services' wait-for-database init container (both modes).
   * @default 'ghcr.io/cloudnative-pg/postgresql:16', or the same path under `imageRegistry`
   */
  readonly clientImage?: string;
  /** @default '10Gi' */
  readonly storageSize?: string;
  /** External mode: the Secret holding each database's password. @default - `flowx-<owner>-postgres`/`password` */
  readonly passwordSecrets?: Readonly<Partial<Record<ServiceName, SecretKeyInput>>>;
}

export interface RedisConfig extends ManagedSettings {
  /** Required when external. @default 'flowx-redis' when managed */
  readonly host?: string;
  /** @default 6379 */
  readonly port?: number;
  /** External mode: the Secret holding the password. @default - `flowx-redis`/`password` */
  readonly passwordSecret?: SecretKeyInput;
}

export interface KafkaConfig extends ManagedSettings {
  /** Required when external. @default 'flowx-kafka-kafka-bootstrap:9092' when managed */
  readonly bootstrapServers?: string;
  /** @default 'PLAINTEXT' */
  readonly securityProtocol?: string;
  /** Operator chart (Strimzi) when managed. */
  readonly operatorChart?: ChartSource;
  /** @default 1 */
  readonly replicas?: number;
}

export interface SpicedbConfig extends ManagedSettings {
  /** Required when external. @default 'flowx-spicedb' when managed */
  readonly host?: string;
  /** @default 50051 */
  readonly port?: number;
  /** External mode: the Secret holding the preshared key. @default - `flowx-spicedb`/`preshared_key` */
  readonly presharedKeySecret?: SecretKeyInput;
  /**
   * Managed SpiceDB on an external PostgreSQL: the Secret with its `postgres://` datastore URI.
   * @default - made by the stack when PostgreSQL is managed
   */
  readonly datastoreSecret?: SecretKeyInput;
}
