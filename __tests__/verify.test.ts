import { generateKeyPairSync, sign } from 'node:crypto';
import { resolveEnvironment } from '../lib/config/resolve';
import { serviceAccountClientId } from '../lib/catalog/secret-names';
import { checkSignature, decodeJwt } from '../lib/verify/jwt';
import { formatResults, verifyTargets } from '../lib/verify/verify';
import { verifyMain } from '../lib/verify/cli';
import { ENVIRONMENTS } from '../stacks/environments';

function jwt(payload: object, key: ReturnType<typeof generateKeyPairSync>['privateKey'], kid = 'k1', alg = 'RS256'): string {
  const head = Buffer.from(JSON.stringify({ alg, kid, typ: 'JWT' })).toString('base64url');
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${head}.${body}.${sign('sha256', Buffer.from(`${head}.${body}`), key).toString('base64url')}`;
}

describe('JWT signature check (real RSA keys, no mocks)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig' }] };

  test('a token signed by the realm key verifies', () => {
    expect(checkSignature(decodeJwt(jwt({ iss: 'x' }, privateKey)), jwks)).toBeUndefined();
  });
  test('a token signed by another key fails', () => {
    expect(checkSignature(decodeJwt(jwt({ iss: 'x' }, other.privateKey)), jwks)).toBe('signature does not verify against the realm key');
  });
  test('a tampered payload fails', () => {
    const [h, , s] = jwt({ iss: 'x' }, privateKey).split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ iss: 'y' })).toString('base64url')}.${s}`;
    expect(checkSignature(decodeJwt(forged), jwks)).toBe('signature does not verify against the realm key');
  });
  test('an unknown kid and alg "none" fail', () => {
    expect(checkSignature(decodeJwt(jwt({}, privateKey, 'k9')), jwks)).toMatch(/no RSA key with kid "k9"/);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`;
    expect(checkSignature(decodeJwt(none), jwks)).toMatch(/unsupported or missing alg "none"/);
  });
  test('garbage is not a JWT', () => expect(() => decodeJwt('abc')).toThrow(/not a JWT/));
});

describe('verify targets come from the rendered contract', () => {
  const env = resolveEnvironment({ name: 'v', platformVersion: '5.5.0', keycloak: { url: 'https://kc.example', serviceAccountRealm: 'sa' } });
  const targets = verifyTargets(env, serviceAccountClientId);
  test('one per 5.5 service account, ten in all', () => {
    expect(targets.map((t) => t.clientId).sort()).toHaveLength(10);
  });
  test('token URI and issuer are on the service-account realm', () => {
    const pe = targets.find((t) => t.service === 'process-engine')!;
    expect(pe.tokenUri).toBe('https://kc.example/realms/sa/protocol/openid-connect/token');
    expect(pe.issuer).toBe('https://kc.example/realms/sa');
    expect(pe.roles.realmRoles).toEqual(['FLOWX_ROLE']);
  });
  test('5.4 targets use the old client ids and the main realm', () => {
    const old = resolveEnvironment({ name: 'o', platformVersion: '5.4.0', keycloak: { url: 'https://kc.example', mainRealm: 'users' } });
    const t = verifyTargets(old, (s) => `${s}-sa`).find((x) => x.service === 'admin')!;
    expect(t).toMatchObject({ clientId: 'admin-sa', issuer: 'https://kc.example/realms/users' });
    expect(verifyTargets(old, (s) => s).some((x) => x.service === 'organization-manager')).toBe(false);
  });
});

describe('output and input handling', () => {
  test('formats pass/fail lines and a closing count, with no secret', () => {
    const text = formatResults([
      { service: 'admin', clientId: 'flowx-admin-sa', ok: true, checks: [{ name: 'token', ok: true }] },
      { service: 'license', clientId: 'flowx-license-sa', ok: false, checks: [{ name: 'token', ok: false, detail: 'HTTP 401 unauthorized_client' }] },
    ]);
    expect(text).toMatch(/^PASS\s+admin/m);
    expect(text).toMatch(/^FAIL\s+license.*token: HTTP 401/m);
    expect(text.split('\n').pop()).toBe('1 passed, 1 failed');
  });
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { environments: ENVIRONMENTS, out: (s: string) => out.push(s), err: (s: string) => err.push(s), env: {} } };
  };
  test('exits 2 without exactly one credentials source', async () => {
    const x = io();
    expect(await verifyMain([], x.io)).toBe(2);
    expect(x.err.join('')).toMatch(/exactly one credentials source/);
  });
  test('exits 2 on an unknown environment', async () => {
    const x = io();
    expect(await verifyMain(['--environment', 'nope', '--keycloak-admin'], x.io)).toBe(2);
    expect(x.err.join('')).toMatch(/no environment "nope"/);
  });
  test('exits 2, naming the variable, when the admin password is missing', async () => {
    const x = io();
    expect(await verifyMain(['--keycloak-admin'], x.io)).toBe(2);
    expect(x.err.join('')).toMatch(/KEYCLOAK_ADMIN_PASSWORD is not set/);
  });
});
