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

test('only the SA realm is declared by this construct', () => {
  const json = synthJson(keycloakStack().stack);
  expect(all(json.resource, 'keycloak_realm')).toHaveLength(1);
  expect(json.data?.keycloak_realm).toBeUndefined();
});
