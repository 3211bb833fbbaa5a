import type { ServiceName } from '../catalog/services';

/**
 * The platform-wide settings the environment contract reads, fully resolved.
 * Values may be cdktf tokens (for example a Terraform variable) as well as plain strings.
 */
export interface PlatformSettings {
  readonly keycloak: KeycloakSettings;
  readonly postgres: { readonly host: string; readonly port: string };
  readonly redis: { readonly host: string; readonly port: string };
  readonly kafka: { readonly bootstrapServers: string; readonly securityProtocol: string };
  readonly elasticsearch: { readonly uris: string };
  readonly spicedb: { readonly host: string; readonly port: string };
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

/**
 * Defaults of a fresh install inside the cluster: every datastore reached by its
 * conventional in-cluster Service name. Each is overridable in the environment config.
 */
export const DEFAULT_SETTINGS: PlatformSettings = {
  keycloak: {
    url: 'http://keycloak:8080',
    mainRealm: 'flowx',
    serviceAccountRealm: 'flowx-service-accounts',
    introspectionClientId: 'flowx-platform-authorize',
    legacyClientIds: {},
  },
  postgres: { host: 'postgresql', port: '5432' },
  redis: { host: 'redis-master', port: '6379' },
  kafka: { bootstrapServers: 'kafka:9092', securityProtocol: 'PLAINTEXT' },
  elasticsearch: { uris: 'http://elasticsearch:9200' },
  spicedb: { host: 'spicedb', port: '50051' },
};

/**
 * 5.4 had per-installation ("ad hoc") service-account client ids; without a recorded one
 * we assume `<service>-sa`. `check`/`backup` or configuration supply the real ones.
 */
export function legacyClientId(settings: KeycloakSettings, service: ServiceName): string {
  return settings.legacyClientIds[service] ?? `${service}-sa`;
}
