import { CATALOG, type ServiceName } from '../catalog/services';
import { SecretNames, serviceAccountClientId } from '../catalog/secret-names';
import type { Datastore, Release, ReleaseSpec, ServiceSpec } from '../catalog/types';
import { databaseOf, legacyClientId, type PlatformSettings } from '../config/settings';
import { EnvValue, type EnvVar } from './env-value';

/** The per-service flags a user may override (catalog assumptions, ADR 0003). */
export type ServiceFlags = Pick<ReleaseSpec, 'securityType' | 'tokenRealm' | 'mainIdentity'>;

export const VAR = {
  securityType: 'SECURITY_TYPE',
  baseUrl: 'SECURITY_OAUTH2_BASE_SERVER_URL',
  realm: 'SECURITY_OAUTH2_REALM',
  saRealm: 'SECURITY_OAUTH2_SA_REALM',
  introspectionUri: 'SPRING_SECURITY_OAUTH2_RESOURCE_SERVER_OPAQUE_TOKEN_INTROSPECTION_URI',
  introspectionClientId: 'SPRING_SECURITY_OAUTH2_RESOURCE_SERVER_OPAQUE_TOKEN_CLIENT_ID',
  introspectionClientSecret: 'SPRING_SECURITY_OAUTH2_RESOURCE_SERVER_OPAQUE_TOKEN_CLIENT_SECRET',
  oauthClientId: 'SECURITY_OAUTH2_CLIENT_CLIENT_ID',
  oauthClientSecret: 'SECURITY_OAUTH2_CLIENT_CLIENT_SECRET',
  saAdminClientId: 'SECURITY_OAUTH2_SERVICE_ACCOUNT_ADMIN_CLIENT_ID',
  saAdminClientSecret: 'SECURITY_OAUTH2_SERVICE_ACCOUNT_ADMIN_CLIENT_SECRET',
  mainIdentityClientId: 'SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_MAINIDENTITY_CLIENT_ID',
  mainIdentityClientSecret: 'SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_MAINIDENTITY_CLIENT_SECRET',
  tokenUri: 'SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_MAINAUTHPROVIDER_TOKEN_URI',
} as const;

const OIDC = '/protocol/openid-connect';

/**
 * The environment contract: every variable a service gets in a release, in container order
 * (a `$(VAR)` expression only refers to variables before it). Pure: no I/O, no clock.
 */
export function renderContract(
  service: ServiceName,
  release: Release,
  settings: PlatformSettings,
  flags: ServiceFlags = CATALOG[service].releases[release],
): EnvVar[] {
  const spec = CATALOG[service];
  return [
    ...identityVars(spec),
    ...securityVars(service, release, settings, flags),
    ...spec.datastores.flatMap((d) => datastoreVars(spec, d, settings)),
  ];
}

function identityVars(spec: ServiceSpec): EnvVar[] {
  const vars: EnvVar[] = [];
  if (spec.applicationName) vars.push(v('SPRING_APPLICATION_NAME', EnvValue.literal(spec.applicationName)));
  vars.push(v('SERVER_PORT', EnvValue.literal(String(spec.httpPort))));
  vars.push(v('MANAGEMENT_SERVER_PORT', EnvValue.literal(String(spec.management.port))));
  if (spec.management.basePath) vars.push(v('MANAGEMENT_SERVER_BASEPATH', EnvValue.literal(spec.management.basePath)));
  return vars;
}

function securityVars(service: ServiceName, release: Release, settings: PlatformSettings, flags: ServiceFlags): EnvVar[] {
  const kc = settings.keycloak;
  const vars: EnvVar[] = [];
  const needsBase = flags.securityType !== 'none' || flags.tokenRealm !== 'none';
  if (flags.securityType !== 'none') vars.push(v(VAR.securityType, EnvValue.literal(flags.securityType)));
  if (needsBase) vars.push(v(VAR.baseUrl, EnvValue.fromSetting('keycloak.url', kc.url)));
  if (flags.securityType === 'oauth2' || flags.tokenRealm === 'main') {
    vars.push(v(VAR.realm, EnvValue.fromSetting('keycloak.mainRealm', kc.mainRealm)));
  }
  if (flags.tokenRealm === 'sa') vars.push(v(VAR.saRealm, EnvValue.fromSetting('keycloak.serviceAccountRealm', kc.serviceAccountRealm)));

  if (flags.securityType === 'oauth2') {
    const introspection = SecretNames.introspectionClientSecret();
    vars.push(
      v(VAR.oauthClientId, EnvValue.fromSetting('keycloak.introspectionClientId', kc.introspectionClientId)),
      v(VAR.oauthClientSecret, EnvValue.fromSecret(introspection.secretName, introspection.key)),
      v(VAR.introspectionUri, EnvValue.expression(`$(${VAR.baseUrl})/realms/$(${VAR.realm})${OIDC}/token/introspect`)),
      v(VAR.introspectionClientId, EnvValue.expression(`$(${VAR.oauthClientId})`)),
      v(VAR.introspectionClientSecret, EnvValue.fromSecret(introspection.secretName, introspection.key)),
    );
  }

  if (flags.mainIdentity) {
    const secret = SecretNames.clientSecret(service);
    if (release === '5.4.0') {
      // 5.4: MAINIDENTITY defaults to ${security.oauth2.service-account.admin.*} (S1).
      vars.push(
        v(VAR.saAdminClientId, EnvValue.fromSetting(`keycloak.legacyClientIds.${service}`, legacyClientId(kc, service))),
        v(VAR.saAdminClientSecret, EnvValue.fromSecret(secret.secretName, secret.key)),
      );
    } else {
      vars.push(
        v(VAR.mainIdentityClientId, EnvValue.literal(serviceAccountClientId(service))),
        v(VAR.mainIdentityClientSecret, EnvValue.fromSecret(secret.secretName, secret.key)),
      );
    }
  }

  if (flags.tokenRealm !== 'none') {
    const realmVar = flags.tokenRealm === 'sa' ? VAR.saRealm : VAR.realm;
    vars.push(v(VAR.tokenUri, EnvValue.expression(`$(${VAR.baseUrl})/realms/$(${realmVar})${OIDC}/token`)));
  }
  return vars;
}

function datastoreVars(spec: ServiceSpec, store: Datastore, s: PlatformSettings): EnvVar[] {
  switch (store) {
    case 'postgres': {
      const owner = spec.sharesDatabaseWith ?? spec.name;
      const database = databaseOf(s, owner as ServiceName, CATALOG[owner as ServiceName].database);
      const password = s.postgres.passwordSecrets[owner as ServiceName] ?? SecretNames.postgresPassword(owner);
      return [
        v('SPRING_DATASOURCE_URL', EnvValue.fromSetting('datastores.postgres.host+port', `jdbc:postgresql://${s.postgres.host}:${s.postgres.port}/${database}`)),
        v('SPRING_DATASOURCE_USERNAME', EnvValue.literal(database)),
        v('SPRING_DATASOURCE_PASSWORD', EnvValue.fromSecret(password.secretName, password.key)),
      ];
    }
    case 'mongodb': {
      const uri = SecretNames.mongodbUri(spec.name);
      return [v('SPRING_DATA_MONGODB_URI', EnvValue.fromSecret(uri.secretName, uri.key))];
    }
    case 'redis': {
      const password = s.redis.passwordSecret;
      return [
        v('SPRING_DATA_REDIS_HOST', EnvValue.fromSetting('datastores.redis.host', s.redis.host)),
        v('SPRING_DATA_REDIS_PORT', EnvValue.fromSetting('datastores.redis.port', s.redis.port)),
        v('SPRING_DATA_REDIS_PASSWORD', EnvValue.fromSecret(password.secretName, password.key)),
      ];
    }
    case 'kafka':
      return [
        v('SPRING_KAFKA_BOOTSTRAPSERVERS', EnvValue.fromSetting('datastores.kafka.bootstrapServers', s.kafka.bootstrapServers)),
        v('SPRING_KAFKA_SECURITY_PROTOCOL', EnvValue.fromSetting('datastores.kafka.securityProtocol', s.kafka.securityProtocol)),
      ];
    case 'elasticsearch':
      return [v('SPRING_ELASTICSEARCH_REST_URIS', EnvValue.fromSetting('datastores.elasticsearch.uris', s.elasticsearch.uris))];
    case 'spicedb': {
      const token = s.spicedb.presharedKeySecret;
      return [
        v('FLOWX_SPICEDB_HOST', EnvValue.fromSetting('datastores.spicedb.host', s.spicedb.host)),
        v('FLOWX_SPICEDB_PORT', EnvValue.fromSetting('datastores.spicedb.port', s.spicedb.port)),
        v('FLOWX_SPICEDB_TOKEN', EnvValue.fromSecret(token.secretName, token.key)),
      ];
    }
  }
}

function v(name: string, value: EnvValue): EnvVar {
  return { name, value };
}
