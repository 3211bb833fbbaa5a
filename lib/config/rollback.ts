import { CATALOG, SERVICE_NAMES, type ServiceName } from '../catalog/services';
import type { EnvironmentConfig } from './environment-config';

/** The 5.4 Keycloak facts `flowx-migrate check`/`backup` record (their `recorded.keycloak`). */
export interface RecordedKeycloak {
  readonly mainRealm?: string;
  readonly introspectionClientId?: string;
  readonly legacyClientIds: Readonly<Partial<Record<ServiceName, string>>>;
}

export function isRollback(config: EnvironmentConfig): boolean {
  return config.upgrade?.from === '5.5.0' && config.platformVersion === '5.4.0';
}

/**
 * A rollback renders the 5.4 contract with the installation's own 5.4 facts: what the
 * configuration says wins, then what the backup recorded, then the catalog's assumption.
 */
export function withRecordedKeycloak(config: EnvironmentConfig, recorded: RecordedKeycloak): EnvironmentConfig {
  const kc = config.keycloak ?? {};
  return {
    ...config,
    keycloak: {
      ...kc,
      ...(kc.mainRealm ?? recorded.mainRealm ? { mainRealm: kc.mainRealm ?? recorded.mainRealm } : {}),
      ...(kc.introspectionClientId ?? recorded.introspectionClientId
        ? { introspectionClientId: kc.introspectionClientId ?? recorded.introspectionClientId }
        : {}),
      legacyClientIds: { ...recorded.legacyClientIds, ...kc.legacyClientIds },
    },
  };
}

/** 5.4 service accounts whose old client id nobody recorded: the stack falls back to `<service>-sa`. */
export function unrecordedLegacyClients(config: EnvironmentConfig): ServiceName[] {
  const known = config.keycloak?.legacyClientIds ?? {};
  return SERVICE_NAMES.filter((s) => CATALOG[s].serviceAccount && CATALOG[s].releases['5.4.0'].mainIdentity && !known[s]);
}
