import { Testing, TerraformStack } from 'cdktf';
import type { ServiceName } from '../lib/catalog/services';
import { validateServiceAccounts, type ServiceAccountSettings } from '../lib/constructs/service-account-validation';
import { keycloakStack, synthJson } from './helpers/keycloak-stack';

const base: ServiceAccountSettings = { release: '5.5.0', serviceAccountRealm: 'flowx-sa', mainRealm: 'flowx' };
const problems = (s: Partial<ServiceAccountSettings>) => validateServiceAccounts('prod', { ...base, ...s }, 'keycloak.');

test('the default settings have no problem', () => {
  expect(problems({})).toEqual([]);
});

test('fails when two services share a client id', () => {
  expect(problems({ release: '5.4.0', clientIds: { admin: 'shared-sa', 'process-engine': 'shared-sa' } })).toEqual([
    {
      environment: 'prod',
      setting: 'keycloak.clientIds',
      message: 'client id "shared-sa" is used by process-engine and admin',
      fix: expect.stringContaining('own client id'),
    },
  ]);
});

test('fails when an override takes another service\'s default client id', () => {
  expect(problems({ release: '5.4.0', clientIds: { admin: 'flowx-process-engine-sa' } })).toEqual([
    expect.objectContaining({ setting: 'keycloak.clientIds', message: 'client id "flowx-process-engine-sa" is used by process-engine and admin' }),
  ]);
});

test('fails when a 5.5 client id breaks the flowx-<service>-sa pattern', () => {
  expect(problems({ clientIds: { admin: 'admin-sa' } })).toEqual([
    {
      environment: 'prod',
      service: 'admin',
      setting: 'keycloak.clientIds.admin',
      message: 'client id "admin-sa" breaks the 5.5 pattern flowx-<service>-sa',
      fix: expect.stringContaining('"flowx-admin-sa"'),
    },
  ]);
  // The same id is a legacy 5.4 id, and the pattern id itself is no problem in 5.5.
  expect(problems({ release: '5.4.0', clientIds: { admin: 'admin-sa' } })).toEqual([]);
  expect(problems({ clientIds: { admin: 'flowx-admin-sa' } })).toEqual([]);
});

test('fails when a role mapping names an unknown service', () => {
  expect(problems({ roles: { 'proces-engine': { realmRoles: ['FLOWX_ROLE'] } } })).toEqual([
    expect.objectContaining({ service: 'proces-engine', setting: 'keycloak.roles.proces-engine', message: 'unknown service "proces-engine"' }),
  ]);
});

test('fails when a role mapping names a service without a service account', () => {
  expect(problems({ roles: { 'cms-core': { realmRoles: ['FLOWX_ROLE'] } } })).toEqual([
    expect.objectContaining({ service: 'cms-core', message: '"cms-core" has no Keycloak service account in the catalog' }),
  ]);
});

test('fails when clientIds, rotation or services name an unknown service', () => {
  const found = problems({ clientIds: { nope: 'x' }, rotation: { nada: 2 }, services: ['admin', 'zilch'] });
  expect(found.map((p) => p.setting).sort()).toEqual(['keycloak.clientIds.nope', 'keycloak.rotation.nada', 'keycloak.services.zilch']);
});

test('fails when a realm-management role does not exist in Keycloak', () => {
  expect(problems({ roles: { admin: { realmManagementRoles: ['manage-realm', 'manage-everything'] } } })).toEqual([
    expect.objectContaining({ service: 'admin', setting: 'keycloak.roles.admin.realmManagementRoles', message: expect.stringContaining('"manage-everything"') }),
  ]);
});

test('fails when a realm role name is empty', () => {
  expect(problems({ roles: { 'process-engine': { realmRoles: [' '] } } })).toEqual([
    expect.objectContaining({ service: 'process-engine', message: 'a realm role name is empty' }),
  ]);
});

test('fails when a rotation is not a positive integer', () => {
  expect(problems({ rotation: { admin: 0, 'process-engine': 1.5, license: 2 } }).map((p) => p.setting)).toEqual([
    'keycloak.rotation.admin',
    'keycloak.rotation.process-engine',
  ]);
});

test('fails when the SA realm equals the main realm (5.5 only)', () => {
  expect(problems({ serviceAccountRealm: 'flowx' })).toEqual([
    {
      environment: 'prod',
      setting: 'keycloak.serviceAccountRealm',
      message: 'the service-account realm equals the main realm "flowx"',
      fix: expect.stringContaining('choose another name'),
    },
  ]);
  expect(problems({ release: '5.4.0', serviceAccountRealm: 'flowx' })).toEqual([]);
});

test('reports every problem at once', () => {
  expect(problems({ serviceAccountRealm: 'flowx', clientIds: { admin: 'admin-sa', nope: 'x' }, rotation: { admin: -1 } })).toHaveLength(4);
});

describe('the constructs run the same rules at synth', () => {
  const synthError = (build: () => TerraformStack) => {
    try {
      synthJson(build());
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('synth succeeded');
  };

  test('fails when ServiceAccountClients gets a 5.5 client id outside the pattern and a bad rotation', () => {
    const message = synthError(() => keycloakStack({ clientIds: { admin: 'admin-sa' }, rotation: { license: 0 } }).stack);
    expect(message).toContain('test › admin › clientIds.admin: client id "admin-sa" breaks the 5.5 pattern');
    expect(message).toContain('test › license › rotation.license: rotation 0 is not a positive integer');
  });

  test('fails when ServiceAccountClients names an unknown service (nothing is built for it)', () => {
    const message = synthError(() => keycloakStack({ services: ['admin', 'ghost' as ServiceName] }).stack);
    expect(message).toContain('services.ghost: unknown service "ghost"');
  });

  test('fails when ServiceAccountRealm is given the main realm\'s name', () => {
    const message = synthError(() => keycloakStack({}, { realmName: 'flowx', mainRealmName: 'flowx' }).stack);
    expect(message).toContain('the service-account realm equals the main realm "flowx"');
  });

  test('plain Testing.synth would skip these validations (why the tests synth with validations on)', () => {
    expect(() => Testing.synth(keycloakStack({ clientIds: { admin: 'admin-sa' } }).stack)).not.toThrow();
  });
});
