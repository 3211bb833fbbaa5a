import { CATALOG, SERVICE_NAMES } from '../lib/catalog/services';
import { SecretNames } from '../lib/catalog/secret-names';
import { SERVICE_ACCOUNT_SERVICES } from '../lib/constructs/service-account-validation';
import { all, byPath, keycloakStack, synthJson, type SynthesizedJson } from './helpers/keycloak-stack';

const SA_SERVICES = SERVICE_NAMES.filter((s) => CATALOG[s].serviceAccount);
const json: SynthesizedJson = synthJson(keycloakStack().stack);
const client = (service: string) => byPath(json.resource, 'keycloak_openid_client', `sa-clients/${service}/client`).body;
const secret = (service: string) => byPath(json.resource, 'kubernetes_secret_v1', `sa-clients/${service}/credentials/secret`).body;
const saRealmId = Object.entries(json.resource.keycloak_realm!).find(([, r]) => r.realm === 'flowx-sa')![0];
const realmRef = `\${keycloak_realm.${saRealmId}.id}`;

test('the catalog gives exactly the ten 5.5 service accounts of the migration guide', () => {
  expect([...SA_SERVICES].sort()).toEqual(
    ['admin', 'authorization-system', 'email-gateway', 'integration-designer', 'license', 'organization-manager',
      'process-engine', 'runtime-manager', 'scheduler-core', 'task-management-plugin'],
  );
  expect(SERVICE_ACCOUNT_SERVICES).toEqual(SA_SERVICES);
  expect(all(json.resource, 'keycloak_openid_client')).toHaveLength(10);
  expect(all(json.resource, 'kubernetes_secret_v1')).toHaveLength(10);
});

describe.each(SA_SERVICES)('%s', (service) => {
  test('has a confidential client-credentials-only client flowx-<service>-sa in the SA realm', () => {
    expect(client(service)).toEqual({
      realm_id: realmRef,
      client_id: `flowx-${service}-sa`,
      name: `FlowX ${CATALOG[service].displayName} service account`,
      description: expect.any(String),
      enabled: true,
      access_type: 'CONFIDENTIAL',
      client_authenticator_type: 'client-secret',
      service_accounts_enabled: true,
      standard_flow_enabled: false,
      implicit_flow_enabled: false,
      direct_access_grants_enabled: false,
      frontchannel_logout_enabled: false,
      client_secret_wo: expect.stringMatching(/^\$\{ephemeral\.random_password\.[A-Za-z0-9_-]+\.result\}$/),
      client_secret_wo_version: 1,
    });
  });

  test('its secret reaches the Kubernetes Secret the contract reads, by reference only', () => {
    const target = SecretNames.clientSecret(service);
    const ref = client(service).client_secret_wo as string;
    const body = secret(service);
    expect(body.metadata).toMatchObject({ name: target.secretName, namespace: 'flowx' });
    expect(body.data_wo).toEqual({ [target.key]: ref });
    expect(body.data_wo_revision).toBe(1);
    expect(body.depends_on).toEqual([`keycloak_openid_client.${byPath(json.resource, 'keycloak_openid_client', `sa-clients/${service}/client`).id}`]);
    // Write-only on both sides: nothing that Terraform would keep in state.
    expect(body).not.toHaveProperty('data');
    expect(client(service)).not.toHaveProperty('client_secret');
  });

  test('the secret is an ephemeral random_password of its own, made at apply time', () => {
    const name = /^\$\{ephemeral\.random_password\.(.+)\.result\}$/.exec(client(service).client_secret_wo as string)![1]!;
    expect(name).toBe(`sa-clients_${service}`);
    expect(json.ephemeral?.random_password?.[name]).toEqual({ length: 48, special: false, min_lower: 1, min_upper: 1, min_numeric: 1 });
  });

  const spec = CATALOG[service].serviceAccount!;

  test(`maps exactly the catalog's roles (${spec.realmRoles.length} realm, ${spec.realmManagementRoles.length} realm-management)`, () => {
    const own = (type: string) => Object.keys(json.resource[type] ?? {}).filter((id) => id.startsWith(`sa-clients_${service}_`));
    expect(own('keycloak_openid_client_service_account_realm_role')).toHaveLength(spec.realmRoles.length);
    expect(own('keycloak_openid_client_service_account_role')).toHaveLength(spec.realmManagementRoles.length);
  });

  test(spec.rolesClaim ? 'puts realm roles into the token claim "roles"' : 'has no roles mapper', () => {
    const mappers = Object.entries(json.resource.keycloak_openid_user_realm_role_protocol_mapper ?? {}).filter(([id]) =>
      id.startsWith(`sa-clients_${service}_roles-claim_`),
    );
    if (!spec.rolesClaim) {
      expect(mappers).toHaveLength(0);
      return;
    }
    const clientId = byPath(json.resource, 'keycloak_openid_client', `sa-clients/${service}/client`).id;
    expect(mappers.map(([, body]) => body)).toEqual([
      {
        realm_id: realmRef,
        client_id: `\${keycloak_openid_client.${clientId}.id}`,
        name: 'realm-roles',
        claim_name: 'roles',
        claim_value_type: 'String',
        multivalued: true,
        add_to_access_token: true,
        add_to_id_token: false,
        add_to_userinfo: false,
      },
    ]);
  });
});

test.each(SA_SERVICES.flatMap((s) => CATALOG[s].serviceAccount!.realmRoles.map((r) => [s, r])))('%s maps realm role %s to its service-account user', (service, role) => {
  const mapping = byPath(json.resource, 'keycloak_openid_client_service_account_realm_role', `sa-clients/${service}/realm-role-${role}`).body;
  const roleId = byPath(json.resource, 'keycloak_role', `sa-clients/realm-roles/${role}`).id;
  const clientId = byPath(json.resource, 'keycloak_openid_client', `sa-clients/${service}/client`).id;
  expect(mapping).toEqual({
    realm_id: realmRef,
    role: `\${keycloak_role.${roleId}.name}`,
    service_account_user_id: `\${keycloak_openid_client.${clientId}.service_account_user_id}`,
  });
});

test.each(SA_SERVICES.flatMap((s) => CATALOG[s].serviceAccount!.realmManagementRoles.map((r) => [s, r])))('%s maps realm-management role %s to its service-account user', (service, role) => {
  const mapping = byPath(json.resource, 'keycloak_openid_client_service_account_role', `sa-clients/${service}/realm-management-${role}`).body;
  const rm = byPath(json.data, 'keycloak_openid_client', 'sa-clients/realm-management').id;
  const clientId = byPath(json.resource, 'keycloak_openid_client', `sa-clients/${service}/client`).id;
  expect(mapping).toEqual({
    realm_id: realmRef,
    client_id: `\${data.keycloak_openid_client.${rm}.id}`,
    role,
    service_account_user_id: `\${keycloak_openid_client.${clientId}.service_account_user_id}`,
  });
});

test('creates one realm role per distinct name, shared by the services that need it', () => {
  const names = [...new Set(SA_SERVICES.flatMap((s) => CATALOG[s].serviceAccount!.realmRoles))].sort();
  const roles = all(json.resource, 'keycloak_role');
  expect(roles.map((r) => r.name).sort()).toEqual(names);
  expect(roles.every((r) => r.realm_id === realmRef)).toBe(true);
  expect(names).toContain('FLOWX_ROLE');
});

test('looks the realm-management client up once, in the SA realm', () => {
  expect(json.data?.keycloak_openid_client).toEqual({
    [byPath(json.data, 'keycloak_openid_client', 'sa-clients/realm-management').id]: { realm_id: realmRef, client_id: 'realm-management' },
  });
});

test('declares hashicorp/random >= 3.7 (ephemeral resources) and one random provider', () => {
  // The binding pins 3.7.2 exactly; a looser constraint must still exclude releases before 3.7.
  expect(json.terraform.required_providers.random).toEqual({ source: 'hashicorp/random', version: expect.stringMatching(/^(~> 3\.7|3\.7\.\d+)$/) });
  expect(json.provider?.random).toHaveLength(1);
});

test('raising rotation for one service raises both the client secret version and the Secret revision', () => {
  const rotated = synthJson(keycloakStack({ rotation: { admin: 3 } }).stack);
  const c = (s: string) => byPath(rotated.resource, 'keycloak_openid_client', `sa-clients/${s}/client`).body;
  const k = (s: string) => byPath(rotated.resource, 'kubernetes_secret_v1', `sa-clients/${s}/credentials/secret`).body;
  expect(c('admin').client_secret_wo_version).toBe(3);
  expect(k('admin').data_wo_revision).toBe(3);
  expect((k('admin').metadata as { annotations: Record<string, string> }).annotations['flowx.ai/secret-revision']).toBe('3');
  // Same source of the value on both sides, and no other service moves.
  expect(k('admin').data_wo).toEqual({ 'client-secret': c('admin').client_secret_wo });
  expect(c('process-engine').client_secret_wo_version).toBe(1);
  expect(k('process-engine').data_wo_revision).toBe(1);
});

test('services limits the clients, and construct ids (Terraform addresses) come from service names', () => {
  const { stack, clients } = keycloakStack({ services: ['process-engine', 'admin'] });
  const limited = synthJson(stack);
  expect(Object.keys(limited.resource.keycloak_openid_client!).map((id) => id.replace(/_[0-9A-F]{8}$/, '')).sort()).toEqual([
    'sa-clients_admin_client',
    'sa-clients_process-engine_client',
  ]);
  expect([...clients.clients.keys()]).toEqual(['process-engine', 'admin']);
  // The realm-management data source and FLOWX_ROLE follow the services that need them.
  expect(all(limited.resource, 'keycloak_role').map((r) => r.name)).toEqual(['FLOWX_ROLE']);
  expect(Object.keys(limited.data?.keycloak_openid_client ?? {})).toHaveLength(1);
  const noManagement = synthJson(keycloakStack({ services: ['process-engine'] }).stack);
  expect(noManagement.data?.keycloak_openid_client).toBeUndefined();
});

test('a 5.4 configuration may keep its legacy client ids', () => {
  const { stack } = keycloakStack({ release: '5.4.0', clientIds: { admin: 'admin-sa' } });
  expect(byPath(synthJson(stack).resource, 'keycloak_openid_client', 'sa-clients/admin/client').body.client_id).toBe('admin-sa');
});

test('accessTokenLifespan sets the lifespan on every client', () => {
  const { stack } = keycloakStack({ accessTokenLifespan: '2m' });
  expect(all(synthJson(stack).resource, 'keycloak_openid_client').map((c) => c.access_token_lifespan)).toEqual(Array(10).fill('2m'));
});

test('exposes clients, secrets and references by service name', () => {
  const { clients } = keycloakStack();
  expect([...clients.clients.keys()]).toEqual(SA_SERVICES);
  expect([...clients.secrets.keys()]).toEqual(SA_SERVICES);
  expect(clients.clientIds.get('admin')).toBe('flowx-admin-sa');
  expect(clients.revisions.get('admin')).toBe(1);
  expect(clients.secretValueRefs.get('admin')).toBe('${ephemeral.random_password.sa-clients_admin.result}');
});

test('roles replaces the catalog role lists of a service, field by field', () => {
  const { stack } = keycloakStack({ roles: { admin: { realmManagementRoles: ['view-users'] }, 'email-gateway': { realmRoles: ['FLOWX_ROLE'], rolesClaim: true } } });
  const custom = synthJson(stack);
  const own = (service: string, type: string) => Object.entries(custom.resource[type] ?? {}).filter(([id]) => id.startsWith(`sa-clients_${service}_`)).map(([, b]) => b);
  expect(own('admin', 'keycloak_openid_client_service_account_role').map((m) => m.role)).toEqual(['view-users']);
  expect(own('email-gateway', 'keycloak_openid_client_service_account_realm_role')).toHaveLength(1);
  expect(own('email-gateway', 'keycloak_openid_user_realm_role_protocol_mapper')).toHaveLength(1);
});
