import type { EnvironmentConfig } from '../lib/config/environment-config';
import { ConfigurationError, type Problem } from '../lib/config/problems';
import { validateEnvironment, validateEnvironments } from '../lib/config/validate';
import { resolveEnvironment, validateResolved } from '../lib/config/resolve';
import { EnvValue } from '../lib/contract/env-value';
import { FlowxPlatform } from '../lib/constructs/flowx-platform';
import { Testing, TerraformStack } from 'cdktf';

const base: EnvironmentConfig = { name: 'test', platformVersion: '5.5.0' };
const problems = (patch: Record<string, unknown>) => validateEnvironment({ ...base, ...patch } as EnvironmentConfig);
const one = (ps: Problem[]) => {
  expect(ps).toHaveLength(1);
  return ps[0] as Problem;
};

describe('a valid configuration', () => {
  test('the minimal one has no problems', () => expect(validateEnvironment(base)).toEqual([]));
});

describe('fails when', () => {
  test('a key is unknown, naming the allowed ones', () => {
    const p = one(problems({ datastores: { postgres: { hots: 'db' } } }));
    expect(p).toMatchObject({ environment: 'test', setting: 'datastores.postgres.hots', message: 'unknown setting' });
    expect(p.fix).toContain('host, port');
  });
  test('the version is outside the catalog', () => {
    expect(one(problems({ platformVersion: '5.6.0' }))).toMatchObject({ setting: 'platformVersion', message: 'version "5.6.0" is not in the catalog' });
  });
  test('a service is unknown', () => {
    expect(one(problems({ services: { 'process-engin': {} } }))).toMatchObject({ service: 'process-engin', message: 'unknown service' });
  });
  test('a service override has an unknown key', () => {
    expect(one(problems({ services: { admin: { replica: 2 } } }))).toMatchObject({ service: 'admin', setting: 'services.admin.replica' });
  });
  test('a URL is malformed', () => {
    expect(one(problems({ keycloak: { url: 'keycloak:8080' } }))).toMatchObject({ setting: 'keycloak.url' });
  });
  test('an Elasticsearch URI in the list is malformed', () => {
    expect(one(problems({ datastores: { elasticsearch: { uris: 'http://es:9200, es2:9200' } } }))).toMatchObject({ setting: 'datastores.elasticsearch.uris' });
  });
  test('a port is out of range', () => {
    expect(one(problems({ datastores: { redis: { port: 70000 } } }))).toMatchObject({ setting: 'datastores.redis.port' });
  });
  test('the environment name is not a DNS label', () => {
    expect(one(problems({ name: 'Prod_1' }))).toMatchObject({ setting: 'name' });
  });
  test('two environments share a name', () => {
    const ps = validateEnvironments([base, { ...base }]);
    expect(one(ps)).toMatchObject({ environment: 'test', message: 'two environments share this name' });
  });
  test('a pull secret is listed twice', () => {
    expect(one(problems({ images: { pullSecrets: ['a', 'a'] } }))).toMatchObject({ setting: 'images.pullSecrets' });
  });
  test('two override spellings bind to the same property', () => {
    const p = one(problems({ services: { admin: { env: { LOGGING_LEVEL_ROOT: 'INFO', 'logging.level.root': 'DEBUG' } } } }));
    expect(p).toMatchObject({ service: 'admin', setting: 'logging.level.root' });
  });
  test('a credential is given as a literal', () => {
    const p = one(problems({ services: { admin: { env: { SMTP_PASSWORD: 'hunter2' } } } }));
    expect(p).toMatchObject({ service: 'admin', setting: 'SMTP_PASSWORD' });
    expect(p.fix).toContain('EnvValue.fromSecret');
    expect(JSON.stringify(p)).not.toContain('hunter2');
  });
  test('the service-account realm equals the main realm on 5.5', () => {
    expect(one(problems({ keycloak: { mainRealm: 'flowx', serviceAccountRealm: 'flowx' } }))).toMatchObject({ setting: 'keycloak.serviceAccountRealm' });
  });
  test('a service without a 5.5 image is enabled without one', () => {
    expect(one(problems({ services: { license: { enabled: true } } }))).toMatchObject({ service: 'license', setting: 'services.license.enabled' });
  });
  test('oauth2 is forced by flag on 5.5', () => {
    const p = one(problems({ services: { admin: { flags: { securityType: 'oauth2' } } } }));
    expect(p.fix).toContain('jwt-public-key');
  });
  test('a main-realm token URI is forced on 5.5', () => {
    expect(one(problems({ services: { admin: { flags: { tokenRealm: 'main' } } } }))).toMatchObject({ setting: 'services.admin.flags.tokenRealm' });
  });
  test('an expression refers to a variable that is not defined before it', () => {
    const resolved = resolveEnvironment({ ...base, services: { admin: { env: { MY_URL: EnvValue.expression('$(NOPE)/x') } } } });
    expect(one(validateResolved(resolved))).toMatchObject({ service: 'admin', setting: 'MY_URL' });
  });
});

describe('removed 5.4 settings on 5.5', () => {
  const removed = (env: Record<string, string | EnvValue>) => problems({ services: { 'process-engine': { env } } });

  test.each([
    ['SPRING_SECURITY_OAUTH2_RESOURCE_SERVER_OPAQUE_TOKEN_INTROSPECTION_URI', 'opaque-token introspection is gone'],
    ['spring.security.oauth2.resourceserver.opaquetoken.introspection-uri', 'opaque-token introspection is gone'],
    ['SECURITY_OAUTH2_REALM', 'SECURITY_OAUTH2_SA_REALM'],
    ['security_oauth2_service_account_admin_client_id', 'MAINIDENTITY_CLIENT_ID'],
    ['SECURITYOAUTH2_CLIENT_CLIENTID', 'opaque-token introspection is gone'],
  ])('%s is rejected with its replacement', (name, replacement) => {
    const p = one(removed({ [name]: 'x' }).filter((q) => q.message.includes('removed in 5.5')));
    expect(p).toMatchObject({ environment: 'test', service: 'process-engine', setting: name });
    expect(p.fix).toContain(replacement);
    expect(p.fix).toContain('migration guide 5.4→5.5');
  });
  test('SECURITY_TYPE=oauth2 is rejected in any case and spelling', () => {
    expect(one(removed({ 'security.type': 'OAuth2' }))).toMatchObject({ setting: 'security.type' });
  });
  test('SECURITY_TYPE=jwt-public-key is fine', () => expect(removed({ SECURITY_TYPE: 'jwt-public-key' })).toEqual([]));
  test('the same settings are accepted on 5.4', () => {
    const ps = validateEnvironment({ ...base, platformVersion: '5.4.0', services: { admin: { env: { SECURITY_OAUTH2_REALM: 'x', SECURITY_TYPE: 'oauth2' } } } });
    expect(ps).toEqual([]);
  });
});

describe('reporting', () => {
  test('every problem of a configuration comes out at once', () => {
    const ps = problems({
      platformVersion: '5.5.0',
      keycloak: { url: 'nope' },
      bogus: 1,
      services: {
        admin: { env: { SECURITY_OAUTH2_REALM: 'x', DB_PASSWORD: 'p' } },
        cms: {},
      },
    });
    expect(ps.map((p) => p.setting).sort()).toEqual(['DB_PASSWORD', 'SECURITY_OAUTH2_REALM', 'bogus', 'keycloak.url', 'services.cms']);
  });
  test('the construct throws one error listing them all and builds nothing', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 's');
    let error: unknown;
    try {
      new FlowxPlatform(stack, 'flowx', { ...base, keycloak: { url: 'nope' }, services: { cms: {} } } as EnvironmentConfig);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems).toHaveLength(2);
    expect((error as Error).message).toMatch(/2 configuration problems; nothing was synthesized/);
    expect(stack.node.findAll().filter((c) => c.node.path.includes('flowx/'))).toEqual([]);
  });
});

describe('datastores fail when', () => {
  test('an external dependency has no endpoint', () => {
    expect(one(problems({ datastores: { redis: { mode: 'external' } } }))).toMatchObject({ setting: 'datastores.redis.host', message: 'external redis needs its host' });
    expect(one(problems({ datastores: { kafka: { mode: 'external' } } }))).toMatchObject({ setting: 'datastores.kafka.bootstrapServers' });
  });
  test('a managed dependency is given a host', () => {
    expect(one(problems({ datastores: { postgres: { host: 'db' } } }))).toMatchObject({ setting: 'datastores.postgres.host' });
  });
  test('the mode is unknown', () => {
    expect(one(problems({ datastores: { spicedb: { mode: 'operator' } } }))).toMatchObject({ setting: 'datastores.spicedb.mode' });
  });
  test('a Secret reference has no key', () => {
    const p = one(problems({ datastores: { redis: { mode: 'external', host: 'r', passwordSecret: { name: 'redis-auth' } } } }));
    expect(p).toMatchObject({ setting: 'datastores.redis.passwordSecret', message: 'the reference to Secret "redis-auth" has no key' });
  });
  test('a per-database Secret reference has no name', () => {
    const p = one(problems({ datastores: { postgres: { mode: 'external', host: 'db', passwordSecrets: { admin: { key: 'password' } } }, spicedb: { mode: 'external', host: 's' } } }));
    expect(p).toMatchObject({ setting: 'datastores.postgres.passwordSecrets.admin' });
  });
  test('a setting of the other mode is given', () => {
    expect(one(problems({ datastores: { redis: { mode: 'external', host: 'r', chart: { version: '1.0.0' } } } }))).toMatchObject({ setting: 'datastores.redis.chart' });
  });
  test('a chart version is a range', () => {
    expect(one(problems({ datastores: { redis: { chart: { version: '^0.11' } } } }))).toMatchObject({ setting: 'datastores.redis.chart.version' });
  });
  test('two services claim the same database', () => {
    const p = one(problems({ services: { 'organization-manager': { database: 'admin' } } }));
    expect(p).toMatchObject({ service: 'organization-manager', message: 'claims database "admin", which admin already owns' });
  });
  test('the SpiceDB token is not the preshared key', () => {
    const p = one(problems({ services: { 'authorization-system': { env: { FLOWX_SPICEDB_TOKEN: EnvValue.fromSecret('my-copy', 'token') } } } }));
    expect(p).toMatchObject({ service: 'authorization-system', setting: 'FLOWX_SPICEDB_TOKEN', message: 'the SpiceDB token is not the SpiceDB preshared key' });
  });
  test('the SpiceDB token names the preshared key itself: accepted', () => {
    expect(problems({ services: { 'authorization-system': { env: { FLOWX_SPICEDB_TOKEN: EnvValue.fromSecret('flowx-spicedb', 'preshared_key') } } } })).toEqual([]);
  });
  test('a managed SpiceDB has no datastore because PostgreSQL is external', () => {
    expect(one(problems({ datastores: { postgres: { mode: 'external', host: 'db' } } }))).toMatchObject({ setting: 'datastores.spicedb.datastoreSecret' });
  });
  test('all datastore problems come out together', () => {
    const ps = problems({ datastores: { redis: { mode: 'external' }, kafka: { mode: 'external' }, spicedb: { mode: 'x' } } });
    expect(ps.map((p) => p.setting).sort()).toEqual(['datastores.kafka.bootstrapServers', 'datastores.redis.host', 'datastores.spicedb.mode']);
  });
});

describe('keycloak service-account settings', () => {
  test('an unknown service in legacyClientIds is reported once, under its own setting name, on 5.4', () => {
    const ps = validateEnvironment({ ...base, platformVersion: '5.4.0', keycloak: { legacyClientIds: { ghost: 'x' } as any } });
    expect(ps.map((p) => p.setting)).toEqual(['keycloak.legacyClientIds.ghost']);
  });
  test('and on 5.5', () => {
    const ps = validateEnvironment({ ...base, keycloak: { legacyClientIds: { ghost: 'x' } as any } });
    expect(ps.map((p) => p.setting)).toEqual(['keycloak.legacyClientIds.ghost']);
  });
  test('a bad realm-management role names serviceAccountRoles', () => {
    const ps = validateEnvironment({ ...base, keycloak: { serviceAccountRoles: { admin: { realmManagementRoles: ['root'] } } } });
    expect(ps.map((p) => p.setting)).toEqual(['keycloak.serviceAccountRoles.admin.realmManagementRoles']);
  });
});
