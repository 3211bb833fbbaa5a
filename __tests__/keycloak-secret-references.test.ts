import { CATALOG, SERVICE_NAMES } from '../lib/catalog/services';
import { DEFAULT_SETTINGS } from '../lib/config/settings';
import { renderContract, VAR } from '../lib/contract/environment-contract';
import { byPath, keycloakStack, synthJson } from './helpers/keycloak-stack';

// The services whose 5.5 contract carries the MAINIDENTITY registration (the catalog's 8).
const MAIN_IDENTITY = SERVICE_NAMES.filter((s) => CATALOG[s].serviceAccount && CATALOG[s].releases['5.5.0'].mainIdentity);
const json = synthJson(keycloakStack().stack);

test('eight 5.5 services read their client through MAINIDENTITY', () => {
  expect(MAIN_IDENTITY).toHaveLength(8);
});

describe.each(MAIN_IDENTITY)('%s', (service) => {
  const env = renderContract(service, '5.5.0', DEFAULT_SETTINGS);
  const get = (name: string) => env.find((e) => e.name === name)?.value;

  test('its MAINIDENTITY client id is the client the stack creates', () => {
    const clientId = byPath(json.resource, 'keycloak_openid_client', `sa-clients/${service}/client`).body.client_id;
    expect(get(VAR.mainIdentityClientId)).toEqual({ kind: 'literal', value: clientId });
  });

  test('its MAINIDENTITY client secret variable reads the Secret the stack writes, by secretKeyRef', () => {
    const secret = byPath(json.resource, 'kubernetes_secret_v1', `sa-clients/${service}/credentials/secret`).body;
    const [key] = Object.keys(secret.data_wo as Record<string, string>);
    expect(get(VAR.mainIdentityClientSecret)).toEqual({
      kind: 'secret',
      ref: { secretName: (secret.metadata as { name: string }).name, key },
    });
  });
});
