import { Testing } from 'cdktf';
import { isReference, isSecretKey, scanForLiteralSecrets } from './helpers/secret-scan';
import { keycloakStack, synthJson } from './helpers/keycloak-stack';
import { ENVIRONMENTS } from '../stacks/environments';
import { FlowxStack } from '../stacks/flowx-stack';

// A planted value. Never a real credential: it only has to look like one to the scanner.
const PLANTED = 'planted-literal-0001';

describe('the scanner', () => {
  test.each([
    ['a Keycloak client_secret', { resource: { keycloak_openid_client: { c: { client_secret: PLANTED } } } }, 'resource.keycloak_openid_client.c.client_secret'],
    ['a write-only secret', { resource: { keycloak_openid_client: { c: { client_secret_wo: PLANTED } } } }, 'resource.keycloak_openid_client.c.client_secret_wo'],
    ['a provider password', { provider: { keycloak: [{ password: PLANTED }] } }, 'provider.keycloak[0].password'],
    ['a camelCase accessToken', { locals: { cfg: { accessToken: PLANTED } } }, 'locals.cfg.accessToken'],
    ['a private key', { provider: { keycloak: [{ tls_client_private_key: PLANTED }] } }, 'provider.keycloak[0].tls_client_private_key'],
    ['Kubernetes Secret data', { resource: { kubernetes_secret_v1: { s: { data: { 'client-secret': PLANTED } } } } }, 'resource.kubernetes_secret_v1.s.data.client-secret'],
    ['Kubernetes Secret data_wo', { resource: { kubernetes_secret_v1: { s: { data_wo: { uri: PLANTED } } } } }, 'resource.kubernetes_secret_v1.s.data_wo.uri'],
    ['an env var with a credential name', { resource: { d: { x: { env: [{ name: 'SPRING_DATASOURCE_PASSWORD', value: PLANTED }] } } } }, 'resource.d.x.env[0].value'],
    ['a default of a credential variable', { variable: { keycloak_admin_password: { type: 'string', default: PLANTED } } }, 'variable.keycloak_admin_password.default'],
    ['a literal with a reference appended', { output: { o: { token: `${PLANTED}\${var.x}` } } }, 'output.o.token'],
  ])('catches %s', (_what, json, path) => {
    const findings = scanForLiteralSecrets(json);
    expect(findings.map((f) => f.path)).toEqual([path]);
    // The report names where, never what.
    expect(JSON.stringify(findings)).not.toContain(PLANTED);
  });

  test('passes references and what only looks like a credential', () => {
    expect(
      scanForLiteralSecrets({
        provider: { keycloak: [{ password: '${var.keycloak_admin_password}', client_id: 'admin-cli' }] },
        variable: { keycloak_admin_password: { type: 'string', sensitive: true } },
        resource: {
          keycloak_openid_client: {
            c: { client_secret_wo: '${ephemeral.random_password.x.result}', client_secret_wo_version: 2, client_authenticator_type: 'client-secret', access_token_lifespan: '5m' },
          },
          kubernetes_secret_v1: { s: { data_wo: { 'client-secret': '${ephemeral.random_password.x.result}' }, data_wo_revision: 1, metadata: { name: 'flowx-admin-sa-credentials' } } },
          kubernetes_deployment_v1: {
            d: {
              spec: {
                template: {
                  spec: {
                    automount_service_account_token: false,
                    image_pull_secrets: [{ name: 'mirror-pull' }],
                    toleration: [{ key: 'dedicated', operator: 'Equal', value: 'flowx' }],
                    volume: [{ name: 'certs', secret: { secret_name: 'flowx-tls', items: [{ key: 'tls.crt', path: 'tls.crt' }] } }],
                    container: [
                      {
                        env: [
                          { name: 'SPRING_DATASOURCE_PASSWORD', value_from: { secret_key_ref: { name: 'flowx-admin-postgres', key: 'password' } } },
                          { name: 'TOKEN_URI', value: '$(BASE)/token' },
                          { name: 'FLOWX_SPICEDB_TOKEN', value: '$(OTHER_TOKEN)' },
                        ],
                      },
                    ],
                  },
                },
              },
            },
          },
        },
      }),
    ).toEqual([]);
  });

  test('knows a reference from a literal', () => {
    expect(isReference('${var.x}')).toBe(true);
    expect(isReference('$(SECRET_VAR)')).toBe(true);
    expect(isReference('x${var.x}')).toBe(false);
    expect(isReference('$(A)/b')).toBe(false);
    expect(isSecretKey('client_secret')).toBe(true);
    expect(isSecretKey('clientSecret')).toBe(true);
    expect(isSecretKey('client_secret_wo_version')).toBe(false);
    expect(isSecretKey('access_token_lifespan')).toBe(false);
  });
});

describe('synthesized stacks hold no literal secret', () => {
  test('the service-account realm and clients', () => {
    const json = synthJson(keycloakStack({ rotation: { admin: 2 } }).stack);
    expect(scanForLiteralSecrets(json)).toEqual([]);
  });

  test('the scan of a real stack does see a literal planted into it', () => {
    const { stack, clients } = keycloakStack();
    clients.clients.get('admin')!.addOverride('client_secret_wo', PLANTED);
    expect(scanForLiteralSecrets(JSON.parse(Testing.synth(stack)))).toEqual([
      expect.objectContaining({ path: expect.stringMatching(/^resource\.keycloak_openid_client\.sa-clients_admin_client_[0-9A-F]{8}\.client_secret_wo$/) }),
    ]);
  });

  test.each(ENVIRONMENTS.map((e) => [e.name, e]))('every environment stack: %s', (_name, config) => {
    const stack = new FlowxStack(Testing.app(), config);
    expect(scanForLiteralSecrets(JSON.parse(Testing.synth(stack, true)))).toEqual([]);
  });
});
