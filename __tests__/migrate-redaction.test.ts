import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../lib/migrate/cli';
import { isCredentialName, maskUri, REDACTED, shownValue } from '../lib/migrate/redact';

const fixtures = path.join(__dirname, 'fixtures', 'migrate');

/** Every planted credential in the fixtures, and its base64 form where a Secret's data holds one. */
const PLANTED = /PLANTED|UExBTlRFRC1iYXNlNjQtc2VjcmV0/;

function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: fixtures });
  return { code, stdout, stderr };
}

describe('what check may print of a value', () => {
  test.each([
    ['SECURITY_OAUTH2_CLIENT_CLIENT_SECRET', true],
    ['security.oauth2.client.client-secret', true],
    ['SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_MAINIDENTITY_CLIENTSECRET', true],
    ['securityOauth2ClientClientSecret', true],
    ['SPRING_DATASOURCE_PASSWORD', true],
    ['FLOWX_SPICEDB_TOKEN', true],
    ['FLOWX_SPICEDB_PRESHARED_KEY', true],
    ['API_KEY', true],
    ['apiKey', true],
    ['AWS_CREDENTIALS', true],
    ['SECURITY_TYPE', false],
    ['SECURITY_OAUTH2_REALM', false],
    ['KEYCLOAK_REALM', false],
    ['SPRING_SECURITY_OAUTH2_RESOURCE_SERVER_OPAQUE_TOKEN_CLIENT_ID', false],
    ['SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_MAINAUTHPROVIDER_TOKEN_URI', false],
    ['SPRING_SECURITY_OAUTH2_RESOURCESERVER_OPAQUETOKEN_INTROSPECTIONURI', false],
  ])('%s is a credential: %s', (name, credential) => {
    expect(isCredentialName(name)).toBe(credential);
  });

  test('URIs keep host and path, lose userinfo and credential parameters', () => {
    expect(maskUri('https://user:pw@kc:8080/realms/flowx?client_secret=abc&x=1')).toBe(`https://${REDACTED}@kc:8080/realms/flowx?client_secret=${REDACTED}&x=1`);
    expect(maskUri('jdbc:postgresql://pg:5432/db?user=u&password=p')).toBe(`jdbc:postgresql://pg:5432/db?user=u&password=${REDACTED}`);
    expect(maskUri('mongodb://u:p@a:1,b:2/db')).toBe(`mongodb://${REDACTED}@a:1,b:2/db`);
    expect(maskUri('https://kc/realms/flowx/protocol/openid-connect/token')).toBe('https://kc/realms/flowx/protocol/openid-connect/token');
  });
  test('a value from a Kubernetes Secret is never shown, whatever its name', () => {
    expect(shownValue('SECURITY_OAUTH2_REALM', 'flowx', true)).toBe(REDACTED);
    expect(shownValue('SECURITY_OAUTH2_REALM', 'flowx')).toBe('flowx');
  });
});

describe('check never prints a secret, even one planted in its input', () => {
  test('the fixtures really do hold planted secrets', () => {
    const planted = ['installation-5.4/helm/values-5.4.yaml', 'secrets/credentials-everywhere.yaml', 'secrets/process-engine.env', 'secrets/broken-with-secret.yaml', 'broken/admin.env']
      .map((f) => fs.readFileSync(path.join(fixtures, f), 'utf8'));
    for (const text of planted) expect(text).toMatch(PLANTED);
  });

  test.each([[['check', '.']], [['check', '--json', '.']], [['check', 'secrets']], [['check', 'secrets', 'broken', '--json']]])('%j', (argv) => {
    const { code, stdout, stderr } = run(argv);
    expect(code).toBe(2);
    expect(stdout).not.toMatch(PLANTED);
    expect(stderr).not.toMatch(PLANTED);
    expect(stdout).toContain(REDACTED);
  });

  test('credentials found in the input are reported, redacted', () => {
    const report = JSON.parse(run(['check', '--json', 'secrets']).stdout);
    const values = Object.fromEntries(report.removedSettings.map((f: { setting: string; value: string }) => [f.setting, f.value]));
    expect(values).toMatchObject({
      securityOauth2ClientClientSecret: REDACTED,
      'security.oauth2.client.client-secret': REDACTED,
      SECURITY_OAUTH2_SERVICE_ACCOUNT_ADMIN_CLIENT_SECRET: REDACTED,
      SECURITY_OAUTH2_REALM: REDACTED, // kept in a Kubernetes Secret
      SPRING_SECURITY_OAUTH2_RESOURCE_SERVER_OPAQUE_TOKEN_INTROSPECTION_URI: `https://${REDACTED}@keycloak:8080/realms/flowx/protocol/openid-connect/token/introspect?client_secret=${REDACTED}`,
    });
    // A client id kept in a Secret is neither shown nor recorded.
    expect(report.clientRenames).toEqual([]);
    expect(report.recorded.keycloak).toEqual({ legacyClientIds: {} });
  });
});
