import { CATALOG, SERVICE_NAMES, type ServiceName } from '../lib/catalog/services';
import { findRemovedSetting, REMOVED_SETTINGS } from '../lib/catalog/removed-settings';
import { SecretNames } from '../lib/catalog/secret-names';
import { resolveEnv, type EnvVar } from '../lib/contract/env-value';
import { renderContract, VAR } from '../lib/contract/environment-contract';
import { DEFAULT_SETTINGS, type PlatformSettings } from '../lib/config/settings';

const settings: PlatformSettings = {
  ...DEFAULT_SETTINGS,
  keycloak: { ...DEFAULT_SETTINGS.keycloak, url: 'https://kc.test', mainRealm: 'users', serviceAccountRealm: 'robots' },
};
const running55 = SERVICE_NAMES.filter((n) => CATALOG[n].releases['5.5.0'].enabled);
const running54 = SERVICE_NAMES.filter((n) => CATALOG[n].releases['5.4.0'].enabled);
const env = (vars: EnvVar[]) => new Map(vars.map((v) => [v.name, v.value]));

describe.each(running55)('5.5.0 contract of %s', (name: ServiceName) => {
  const spec = CATALOG[name];
  const flags = spec.releases['5.5.0'];
  const vars = renderContract(name, '5.5.0', settings);
  const byName = env(vars);
  const resolved = resolveEnv(vars);

  test('contains none of the removed settings, in any spelling', () => {
    expect(vars.filter((v) => findRemovedSetting(v.name))).toEqual([]);
  });
  test('never renders SECURITY_TYPE=oauth2', () => {
    expect(resolved.get(VAR.securityType)).not.toBe('oauth2');
  });
  test('security type follows the catalog', () => {
    expect(resolved.get(VAR.securityType)).toBe(flags.securityType === 'none' ? undefined : 'jwt-public-key');
  });
  test('token URI is on the service-account realm exactly when the catalog says so', () => {
    if (flags.tokenRealm === 'sa') {
      expect(resolved.get(VAR.saRealm)).toBe('robots');
      expect(resolved.get(VAR.tokenUri)).toBe('https://kc.test/realms/robots/protocol/openid-connect/token');
    } else {
      expect(byName.has(VAR.tokenUri)).toBe(false);
    }
  });
  test('MAINIDENTITY is flowx-<service>-sa with its secret by reference', () => {
    if (flags.mainIdentity) {
      expect(resolved.get(VAR.mainIdentityClientId)).toBe(`flowx-${name}-sa`);
      expect(byName.get(VAR.mainIdentityClientSecret)).toEqual({ kind: 'secret', ref: SecretNames.clientSecret(name) });
    } else {
      expect(byName.has(VAR.mainIdentityClientId)).toBe(false);
    }
  });
  test('every variable named like a credential is a secret reference', () => {
    for (const v of vars.filter((x) => /SECRET|PASSWORD|TOKEN$|MONGODB_URI/.test(x.name) && x.name !== VAR.tokenUri)) {
      expect([v.name, v.value.kind]).toEqual([v.name, 'secret']);
    }
  });
  test('has a datasource exactly when it uses PostgreSQL', () => {
    expect(byName.has('SPRING_DATASOURCE_URL')).toBe(spec.datastores.includes('postgres'));
  });
  test('names each variable once', () => {
    expect(new Set(vars.map((v) => v.name)).size).toBe(vars.length);
  });
});

describe.each(running54)('5.4.0 contract of %s', (name: ServiceName) => {
  const flags = CATALOG[name].releases['5.4.0'];
  const vars = renderContract(name, '5.4.0', settings);
  const resolved = resolveEnv(vars);

  test('oauth2 services carry the introspection block on the main realm', () => {
    if (flags.securityType !== 'oauth2') return expect(resolved.has(VAR.introspectionUri)).toBe(false);
    expect(resolved.get(VAR.securityType)).toBe('oauth2');
    expect(resolved.get(VAR.realm)).toBe('users');
    expect(resolved.get(VAR.introspectionUri)).toBe('https://kc.test/realms/users/protocol/openid-connect/token/introspect');
    expect(resolved.get(VAR.oauthClientId)).toBe('flowx-platform-authorize');
    expect(resolved.get(VAR.introspectionClientId)).toBe('flowx-platform-authorize');
    expect(vars.find((v) => v.name === VAR.introspectionClientSecret)?.value.kind).toBe('secret');
  });
  test('the token URI uses the main realm, never the service-account realm', () => {
    expect(resolved.has(VAR.saRealm)).toBe(false);
    if (flags.tokenRealm === 'main') expect(resolved.get(VAR.tokenUri)).toBe('https://kc.test/realms/users/protocol/openid-connect/token');
  });
  test('service accounts use the old client-id form', () => {
    if (!flags.mainIdentity) return expect(resolved.has(VAR.saAdminClientId)).toBe(false);
    expect(resolved.get(VAR.saAdminClientId)).toBe(`${name}-sa`);
    expect(resolved.has(VAR.mainIdentityClientId)).toBe(false);
  });
});

describe('contract details', () => {
  test('a recorded legacy client id wins over the assumed one', () => {
    const s = { ...settings, keycloak: { ...settings.keycloak, legacyClientIds: { admin: 'flowx-admin-legacy' } } };
    expect(resolveEnv(renderContract('admin', '5.4.0', s)).get(VAR.saAdminClientId)).toBe('flowx-admin-legacy');
  });
  test('advancing-controller uses the process-engine database and credentials', () => {
    const r = env(renderContract('advancing-controller', '5.5.0', settings));
    expect(r.get('SPRING_DATASOURCE_URL')).toMatchObject({ value: 'jdbc:postgresql://flowx-postgresql-rw:5432/process_engine' });
    expect(r.get('SPRING_DATASOURCE_PASSWORD')).toEqual({ kind: 'secret', ref: SecretNames.postgresPassword('process-engine') });
  });
  test('organization-manager gets its own database, Redis, Kafka and SpiceDB', () => {
    const r = resolveEnv(renderContract('organization-manager', '5.5.0', settings));
    expect(r.get('SPRING_DATASOURCE_URL')).toBe('jdbc:postgresql://flowx-postgresql-rw:5432/organization_manager');
    expect(r.get('SPRING_DATA_REDIS_HOST')).toBe('flowx-redis');
    expect(r.get('SPRING_KAFKA_BOOTSTRAPSERVERS')).toBe('flowx-kafka-kafka-bootstrap:9092');
    expect(r.get('FLOWX_SPICEDB_HOST')).toBe('flowx-spicedb');
    expect(r.get('FLOWX_SPICEDB_PORT')).toBe('50051');
    expect(r.has('FLOWX_SPICEDB_TOKEN')).toBe(true);
    expect(r.get('FLOWX_SPICEDB_TOKEN')).toBeUndefined(); // a secret has no value before apply
  });
  test('a flag override changes the rendering: a service switched off jwt loses its security block', () => {
    const vars = renderContract('cms-core', '5.5.0', settings, { securityType: 'none', tokenRealm: 'none', mainIdentity: false });
    expect(vars.some((v) => v.name.startsWith('SECURITY_'))).toBe(false);
  });
  test('rendering is deterministic', () => {
    expect(renderContract('admin', '5.5.0', settings)).toEqual(renderContract('admin', '5.5.0', settings));
  });
});

describe('relaxed binding of removed settings', () => {
  test.each([
    'SPRING_SECURITY_OAUTH2_RESOURCE_SERVER_OPAQUE_TOKEN_INTROSPECTION_URI',
    'SPRING_SECURITY_OAUTH2_RESOURCESERVER_OPAQUETOKEN_INTROSPECTIONURI',
    'spring.security.oauth2.resourceserver.opaquetoken.introspection-uri',
    'spring.security.oauth2.resource-server.opaque-token.introspection-uri',
    'Spring_Security_Oauth2_ResourceServer_OpaqueToken_Introspection_Uri',
  ])('%s is the removed introspection URI', (spelling) => {
    expect(findRemovedSetting(spelling)?.name).toBe('SPRING_SECURITY_OAUTH2_RESOURCE_SERVER_OPAQUE_TOKEN_INTROSPECTION_URI');
  });
  test.each(REMOVED_SETTINGS.map((s) => s.name))('%s is caught in dotted lower-case form', (name) => {
    expect(findRemovedSetting(name.toLowerCase().replace(/_/g, '.'))?.name).toBe(name);
  });
  test.each(['SECURITY_OAUTH2_SA_REALM', 'SECURITY_OAUTH2_BASE_SERVER_URL', VAR.mainIdentityClientId, VAR.tokenUri])(
    '%s is not a removed setting',
    (name) => expect(findRemovedSetting(name)).toBeUndefined(),
  );
  test('the guide removed exactly eight variables', () => {
    expect(REMOVED_SETTINGS).toHaveLength(8);
  });
});
