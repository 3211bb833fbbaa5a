import { adoptionCandidates, clientsToRecreate } from '../lib/adopt/candidates';
import { adoptMain } from '../lib/adopt/cli';

// Shapes as `terraform show -json` of a plan writes them (resource_changes[].change.after).
const plan = {
  resource_changes: [
    { address: 'keycloak_role.r', type: 'keycloak_role', change: { actions: ['create'], after: { realm_id: 'flowx-sa', name: 'FLOWX_ROLE' } } },
    { address: 'keycloak_openid_client.c', type: 'keycloak_openid_client', change: { actions: ['create'], after: { realm_id: 'flowx-sa', client_id: 'flowx-admin-sa' } } },
    { address: 'keycloak_realm.sa', type: 'keycloak_realm', change: { actions: ['create'], after: { realm: 'flowx-sa' } } },
    { address: 'kubernetes_namespace_v1.ns', type: 'kubernetes_namespace_v1', change: { actions: ['create'], after: { metadata: [{ name: 'flowx' }] } } },
    { address: 'kubernetes_secret_v1.s', type: 'kubernetes_secret_v1', change: { actions: ['create'], after: { metadata: [{ name: 'flowx-redis', namespace: 'flowx' }] } } },
    { address: 'helm_release.h', type: 'helm_release', change: { actions: ['create'], after: { name: 'flowx-redis', namespace: 'flowx' } } },
    // Not candidates: an update, a replacement, a create whose namespace is not known yet, a client role.
    { address: 'keycloak_realm.u', type: 'keycloak_realm', change: { actions: ['update'], after: { realm: 'x' } } },
    { address: 'kubernetes_secret_v1.r', type: 'kubernetes_secret_v1', change: { actions: ['delete', 'create'], after: { metadata: [{ name: 'a', namespace: 'b' }] } } },
    { address: 'kubernetes_deployment_v1.d', type: 'kubernetes_deployment_v1', change: { actions: ['create'], after: { metadata: [{ name: 'admin' }] } } },
    { address: 'keycloak_role.client', type: 'keycloak_role', change: { actions: ['create'], after: { realm_id: 'r', name: 'n', client_id: 'c' } } },
  ],
};

describe('adoption candidates from a plan', () => {
  const found = adoptionCandidates(plan);
  test('only plain creates with known names', () => {
    expect(found.map((c) => c.address)).toEqual([
      'keycloak_role.r', 'keycloak_openid_client.c', 'keycloak_realm.sa', 'kubernetes_namespace_v1.ns', 'kubernetes_secret_v1.s', 'helm_release.h',
    ]);
  });
  test('each with the lookup and import id form its provider documents', () => {
    expect(found.map((c) => c.lookup)).toEqual([
      { kind: 'keycloak-role', realm: 'flowx-sa', name: 'FLOWX_ROLE' },
      { kind: 'keycloak-client', realm: 'flowx-sa', clientId: 'flowx-admin-sa' },
      { kind: 'keycloak-realm', realm: 'flowx-sa' },
      { kind: 'kubernetes', apiPath: '/api/v1/namespaces/flowx', importId: 'flowx' },
      { kind: 'kubernetes', apiPath: '/api/v1/namespaces/flowx/secrets/flowx-redis', importId: 'flowx/flowx-redis' },
      { kind: 'helm-release', namespace: 'flowx', name: 'flowx-redis' },
    ]);
  });
  test('an empty plan has none', () => expect(adoptionCandidates({})).toEqual([]));
});

describe('flowx-adopt input', () => {
  const io = (env: NodeJS.ProcessEnv = {}) => {
    const err: string[] = [];
    return { err, io: { out: () => undefined, err: (s: string) => err.push(s), env } };
  };
  test('exits 2 without a synthesized stack folder', async () => {
    const x = io();
    expect(await adoptMain(['--stack-dir', '/nonexistent'], x.io)).toBe(2);
    expect(x.err.join('')).toMatch(/--stack-dir must name a synthesized stack folder/);
  });
  test('exits 2 on an unknown option', async () => {
    expect(await adoptMain(['--bogus'], io().io)).toBe(2);
  });
});

describe('clients whose Secret was never written', () => {
  const stack = {
    resource: {
      kubernetes_secret_v1: {
        a: { lifecycle: { replace_triggered_by: ['keycloak_openid_client.admin'] } },
        b: { lifecycle: { replace_triggered_by: ['keycloak_openid_client.engine'] } },
        c: {},
      },
    },
  };
  const change = (address: string, actions: string[]) => ({ address, type: address.split('.')[0]!, change: { actions, after: {} } });
  test('a Secret created while its client exists: the client is re-created', () => {
    const plan = { resource_changes: [change('kubernetes_secret_v1.a', ['create']), change('kubernetes_secret_v1.c', ['create'])] };
    expect(clientsToRecreate(plan, stack)).toEqual(['keycloak_openid_client.admin']);
  });
  test('a Secret created together with its client: nothing to do', () => {
    const plan = { resource_changes: [change('kubernetes_secret_v1.b', ['create']), change('keycloak_openid_client.engine', ['create'])] };
    expect(clientsToRecreate(plan, stack)).toEqual([]);
  });
});
