import { all, keycloakStack, synthJson } from './helpers/keycloak-stack';

const realmBody = (json: ReturnType<typeof synthJson>, name: string) => all(json.resource, 'keycloak_realm').find((r) => r.realm === name);

test('the service-account realm is for machines, with a short access-token lifespan by default', () => {
  const json = synthJson(keycloakStack().stack);
  expect(realmBody(json, 'flowx-sa')).toEqual({
    realm: 'flowx-sa',
    enabled: true,
    display_name: 'FlowX service accounts',
    access_token_lifespan: '5m',
    ssl_required: 'external',
    registration_allowed: false,
    reset_password_allowed: false,
    remember_me: false,
  });
});

test('token settings are overridable defaults', () => {
  const { stack, realm } = keycloakStack({}, { tokens: { accessTokenLifespan: '10m' } });
  expect(realmBody(synthJson(stack), 'flowx-sa')).toMatchObject({ access_token_lifespan: '10m', ssl_required: 'external' });
  expect(realm.tokens).toEqual({ accessTokenLifespan: '10m', sslRequired: 'external' });
});

test('without mainRealm only the SA realm is declared', () => {
  const { stack, realm } = keycloakStack();
  const json = synthJson(stack);
  expect(all(json.resource, 'keycloak_realm')).toHaveLength(1);
  expect(json.data?.keycloak_realm).toBeUndefined();
  expect(realm.mainRealmId).toBeUndefined();
});

test('a managed main realm is created by the stack', () => {
  const { stack, realm } = keycloakStack({}, { mainRealm: { name: 'flowx', mode: 'managed' } });
  const json = synthJson(stack);
  expect(realmBody(json, 'flowx')).toEqual({ realm: 'flowx', enabled: true });
  expect(json.data?.keycloak_realm).toBeUndefined();
  expect(realm.mainRealmId).toMatch(/^\$\{TfToken\[/);
});

test('an existing main realm is only read (data source), never created', () => {
  const { stack } = keycloakStack({}, { mainRealm: { name: 'flowx', mode: 'existing' } });
  const json = synthJson(stack);
  expect(all(json.resource, 'keycloak_realm').map((r) => r.realm)).toEqual(['flowx-sa']);
  expect(Object.values(json.data?.keycloak_realm ?? {})).toEqual([{ realm: 'flowx' }]);
});

test('clients live in the SA realm, never in the main one', () => {
  const json = synthJson(keycloakStack({}, { mainRealm: { name: 'flowx', mode: 'managed' } }).stack);
  const saId = Object.entries(json.resource.keycloak_realm!).find(([, r]) => r.realm === 'flowx-sa')![0];
  expect(new Set(all(json.resource, 'keycloak_openid_client').map((c) => c.realm_id))).toEqual(new Set([`\${keycloak_realm.${saId}.id}`]));
});
