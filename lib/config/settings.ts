import type { ServiceName } from '../catalog/services';
import { SecretNames } from '../catalog/secret-names';
import type { SecretKeyRef } from '../contract/env-value';

/**
 * The platform-wide settings the environment contract reads, fully resolved.
 * Values may be cdktf tokens (for example a Terraform variable) as well as plain strings.
 */
export interface PlatformSettings {
  readonly keycloak: KeycloakSettings;
  readonly postgres: {
    readonly host: string;
    readonly port: string;
    /** Per database owner; missing owners use SecretNames.postgresPassword. */
    readonly passwordSecrets: Readonly<Partial<Record<ServiceName, SecretKeyRef>>>;
    /** Database names that differ from the catalog's, per owning service. */
    readonly databases: Readonly<Partial<Record<ServiceName, string>>>;
  };
  readonly redis: { readonly host: string; readonly port: string; readonly passwordSecret: SecretKeyRef };
  readonly kafka: { readonly bootstrapServers: string; readonly securityProtocol: string };
  readonly elasticsearch: { readonly uris: string };
  /** FLOWX_SPICEDB_TOKEN and SpiceDB's own preshared key both read `presharedKeySecret`. */
  readonly spicedb: { readonly host: string; readonly port: string; readonly presharedKeySecret: SecretKeyRef };
}

export interface KeycloakSettings {
  /** Base URL services use to reach Keycloak (SECURITY_OAUTH2_BASE_SERVER_URL). */
  readonly url: string;
  /** The main (user) realm. */
  readonly mainRealm: string;
  /** The 5.5 service-account realm (SECURITY_OAUTH2_SA_REALM). */
  readonly serviceAccountRealm: string;
  /** 5.4 only: the shared opaque-token introspection client. */
  readonly introspectionClientId: string;
  /** 5.4 only: each service's service-account client id before the 5.5 rename. */
  readonly legacyClientIds: Readonly<Partial<Record<ServiceName, string>>>;
}

/** In-cluster Service names of the managed dependencies (docs/adr/0005). */
export const MANAGED_ENDPOINTS = {
  postgres: { host: 'flowx-postgresql-rw', port: '5432' },
  redis: { host: 'flowx-redis', port: '6379' },
  kafka: { bootstrapServers: 'flowx-kafka-kafka-bootstrap:9092' },
  spicedb: { host: 'flowx-spicedb', port: '50051' },
} as const;

/**
 * Defaults of a fresh install: the managed dependencies by their in-cluster Service names,
 * MongoDB and Elasticsearch by conventional names. Each is overridable in the environment config.
 */
export const DEFAULT_SETTINGS: PlatformSettings = {
  keycloak: {
    url: 'http://keycloak:8080',
    mainRealm: 'flowx',
    serviceAccountRealm: 'flowx-service-accounts',
    introspectionClientId: 'flowx-platform-authorize',
    legacyClientIds: {},
  },
  postgres: { ...MANAGED_ENDPOINTS.postgres, passwordSecrets: {}, databases: {} },
  redis: { ...MANAGED_ENDPOINTS.redis, passwordSecret: SecretNames.redisPassword() },
  kafka: { ...MANAGED_ENDPOINTS.kafka, securityProtocol: 'PLAINTEXT' },
  elasticsearch: { uris: 'http://elasticsearch:9200' },
  spicedb: { ...MANAGED_ENDPOINTS.spicedb, presharedKeySecret: SecretNames.spicedbPresharedKey() },
};

/**
 * 5.4 had per-installation ("ad hoc") service-account client ids; without a recorded one
 * we assume `<service>-sa`. `check`/`backup` or configuration supply the real ones.
 */
export function legacyClientId(settings: KeycloakSettings, service: ServiceName): string {
  return settings.legacyClientIds[service] ?? `${service}-sa`;
}

/** The PostgreSQL database a service uses: its own, or the one it shares (advancing-controller). */
export function databaseOf(settings: PlatformSettings, owner: ServiceName, catalogDatabase: string | undefined): string {
  return settings.postgres.databases[owner] ?? catalogDatabase ?? owner.replace(/-/g, '_');
}
