import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { backupFolderName, backupSummary, createBackupFolder, describeState, runBackup } from '../lib/migrate/backup';
import { BACKUP_SCHEMA, isValidBackup, readBackupManifest, type BackupManifest } from '../lib/migrate/backup-manifest';
import { isKeycloakSecretName, redactClients, redactKeycloak, redactRealm, SecretCollector } from '../lib/migrate/backup-redact';
import { extractWorkloads, flowxServiceOf, recordedFromWorkloads, redactConfigMap, type WorkloadKindName } from '../lib/migrate/backup-workloads';
import { main, mainAsync, USAGE } from '../lib/migrate/cli';
import { REDACTED } from '../lib/migrate/redact';

const fixtures = path.join(__dirname, 'fixtures', 'migrate', 'backup');
const fixture = (rel: string): unknown => JSON.parse(fs.readFileSync(path.join(fixtures, rel), 'utf8'));

const ADMIN_PASSWORD = 'PLANTED-keycloak-admin-password';
const ADMIN_TOKEN = 'PLANTED-admin-access-token.eyJhbGciOiJSUzI1NiJ9';
/** Every planted credential contains PLANTED; the ConfigMap's binaryData holds one in base64. */
const PLANTED = /PLANTED|UExBTlRFRC/;

const tmpDirs: string[] = [];
function tmp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowx-backup-test-'));
  tmpDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Every file under `dir`, relative, with its text. */
function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.set(path.relative(dir, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

function expectNoPlanted(text: string, where: string) {
  const hit = PLANTED.exec(text);
  if (hit) throw new Error(`${where} holds a planted secret near: …${text.slice(Math.max(0, hit.index - 60), hit.index)}`);
}

describe('Keycloak redaction', () => {
  test.each([
    ['secret', true],
    ['clientSecret', true],
    ['password', true],
    ['registrationAccessToken', true],
    ['client.secret.rotated', true],
    ['saml.signing.private.key', true],
    ['custom.audit.webhook.token', true],
    ['credentials', true],
    ['secretData', true],
    ['clientId', false],
    ['tokenUrl', false],
    ['jwksUrl', false],
    ['passwordPolicy', false],
    ['requiredCredentials', false],
    ['resetCredentialsFlow', false],
    ['accessTokenLifespan', false],
    ['access.token.lifespan', false],
    ['actionTokenGeneratedByUserLifespan.reset-credentials', false],
    ['client.secret.creation.time', false],
    ['access.token.signed.response.alg', false],
    ['cibaBackchannelTokenDeliveryMode', false],
    ['webAuthnPolicyPasswordlessRpEntityName', false],
    ['clientAuthenticatorType', false],
    ['saml.signing.certificate', false],
  ])('%s is a credential: %s', (name, secret) => {
    expect(isKeycloakSecretName(name)).toBe(secret);
  });

  test('a realm loses its SMTP password, identity-provider secret, secret attributes and URL userinfo; settings stay', () => {
    const secrets = new SecretCollector();
    const realm = redactRealm(fixture('keycloak/realm-flowx.json'), secrets) as any;
    expect(realm.smtpServer).toMatchObject({ password: REDACTED, user: 'flowx-mailer', host: 'smtp.bank.internal', auth: 'true', port: '587' });
    expect(realm.identityProviders[0].config).toMatchObject({
      clientSecret: REDACTED,
      clientId: 'keycloak-flowx',
      tokenUrl: 'https://login.bank.example/tenant/oauth2/v2.0/token',
      clientAuthMethod: 'client_secret_post',
    });
    expect(realm.attributes['custom.audit.webhook.token']).toBe(REDACTED);
    expect(realm.attributes['custom.audit.webhook.url']).toBe(`https://${REDACTED}@audit.bank.internal/hooks/keycloak`);
    // What a rollback or a reviewer needs stays readable.
    expect(realm).toMatchObject({
      realm: 'flowx',
      passwordPolicy: 'length(12) and notUsername and passwordHistory(3)',
      requiredCredentials: ['password'],
      accessTokenLifespan: 300,
      revokeRefreshToken: false,
      resetCredentialsFlow: 'reset credentials',
      webAuthnPolicyPasswordlessSignatureAlgorithms: ['ES256', 'RS256'],
    });
    expect(realm.attributes).toMatchObject({ 'actionTokenGeneratedByUserLifespan.reset-credentials': '900', cibaBackchannelTokenDeliveryMode: 'poll' });
    expectNoPlanted(JSON.stringify(realm), 'the redacted realm');
  });

  test('clients lose secret, rotated secret, private key and registration token; a secret repeated elsewhere is caught by the last pass', () => {
    const secrets = new SecretCollector();
    const clients = redactClients(fixture('keycloak/clients-flowx.json'), secrets) as any[];
    const byId = Object.fromEntries(clients.map((c) => [c.clientId, c]));
    expect(byId['flowx-platform-authorize']).toMatchObject({
      secret: REDACTED,
      serviceAccountsEnabled: true,
      attributes: { 'client.secret.creation.time': '1712311200', 'access.token.lifespan': '300', 'use.refresh.tokens': 'true' },
    });
    expect(byId['flowx-admin-client'].attributes).toEqual({
      realm_client: 'false',
      'client.secret.creation.time': '1717000000',
      'client.secret.rotated': REDACTED,
      'client.secret.rotated.creation.time': '1709000000',
      'client.secret.rotated.expiration.time': '1719000000',
    });
    expect(byId['process-engine-sa'].protocolMappers[0].config).toMatchObject({ 'access.token.claim': 'true', 'claim.name': 'roles' });
    expect(byId['partner-portal'].attributes).toMatchObject({
      'saml.signing.private.key': REDACTED,
      'saml.signing.certificate': 'MIICqTCCAZECBgGPpublic-certificate-is-not-a-secret',
      'saml.signature.algorithm': 'RSA_SHA256',
    });
    expect(byId['reporting-dcr']).toMatchObject({ secret: REDACTED, registrationAccessToken: REDACTED });
    expect(byId['flowx-platform-frontend'].rootUrl).toBe(`https://${REDACTED}@flowx.bank.example`);
    expect(byId['account']).toEqual((fixture('keycloak/clients-flowx.json') as any[])[0]);
    // The admin client's secret, pasted into another client's description, survives field
    // redaction; the collector's last pass (run on every file before it is written) removes it.
    expect(byId['reporting-dcr'].description).toContain('PLANTED-admin-sa-client-secret');
    const scrubbed = secrets.scrub(clients);
    expect(scrubbed.find((c) => c.clientId === 'reporting-dcr').description).toBe(`rotated on 2024-05-29; previous secret was ${REDACTED}`);
    expectNoPlanted(JSON.stringify(scrubbed), 'the redacted clients');
  });

  test('everything under a credential-named object is redacted (user credentials), numbers and booleans stay', () => {
    const user = {
      username: 'jdoe',
      enabled: true,
      credentials: [{ type: 'password', createdDate: 1716000000000, secretData: '{"value":"PLANTED-hash","salt":"PLANTED-salt"}', credentialData: '{"hashIterations":27500}' }],
      attributes: { 'api.key': ['PLANTED-user-api-key'], department: ['risk'] },
    };
    const out = redactKeycloak(user, new SecretCollector()) as any;
    expect(out.credentials).toEqual([{ type: REDACTED, createdDate: 1716000000000, secretData: REDACTED, credentialData: REDACTED }]);
    expect(out.attributes).toEqual({ 'api.key': [REDACTED], department: ['risk'] });
    expect(out.username).toBe('jdoe');
  });
});

describe('workloads from the Kubernetes API answers', () => {
  // The live path (kubeGet over TLS with the kubeconfig's client certificate) is exercised by the
  // e2e tier against a real cluster; here the extraction runs on the JSON the API answers with.
  const lists: Partial<Record<WorkloadKindName, unknown>> = {
    Deployment: fixture('kubernetes/deployments.json'),
    StatefulSet: fixture('kubernetes/statefulsets.json'),
    Job: fixture('kubernetes/jobs.json'),
    CronJob: fixture('kubernetes/cronjobs.json'),
  };

  test.each([
    [{ metadata: { name: 'flowx-admin' } }, 'admin'],
    [{ metadata: { name: 'admin' } }, 'admin'],
    [{ metadata: { name: 'release-x', labels: { 'app.kubernetes.io/name': 'flowx-process-engine' } } }, 'process-engine'],
    [{ metadata: { name: 'pe', labels: { app: 'process-engine' } } }, 'process-engine'],
    [{ metadata: { name: 'flowx-admin-exporter' } }, undefined],
    [{ metadata: { name: 'ingress-nginx-controller', labels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }, undefined],
  ])('%j runs %s', (item, service) => {
    expect(flowxServiceOf(item)).toBe(service);
  });

  test('FlowX Deployments, StatefulSets, Jobs and CronJobs with images and env; others and CronJob runs left out', () => {
    const { workloads, configMaps, ignored } = extractWorkloads(lists, new SecretCollector());
    // In the catalog's order of services.
    expect(workloads.map((w) => `${w.kind}/${w.name} ${w.service}`)).toEqual([
      'Deployment/flowx-process-engine process-engine',
      'Deployment/flowx-admin admin',
      'Deployment/flowx-runtime-manager runtime-manager',
      'CronJob/data-sync data-sync',
      'StatefulSet/flowx-authorization-system authorization-system',
      'Job/flowx-nosql-db-runner nosql-db-runner',
    ]);
    // ingress-nginx, the admin exporter, postgresql, and the Job the data-sync CronJob started.
    expect(ignored).toBe(4);
    const admin = workloads.find((w) => w.name === 'flowx-admin')!;
    expect(admin.images).toEqual(['busybox:1.36', 'registry.flowx.ai/flowx/admin:10.38.0']);
    expect(admin.labels).toEqual({
      'app.kubernetes.io/name': 'admin',
      'app.kubernetes.io/instance': 'flowx',
      'app.kubernetes.io/version': '10.38.0',
      'app.kubernetes.io/managed-by': 'Helm',
      'helm.sh/chart': 'admin-5.4.0',
    });
    const app = admin.containers.find((c) => c.name === 'admin')!;
    const env = Object.fromEntries(app.env.map((e) => [e.name, e]));
    expect(env.SECURITY_OAUTH2_REALM).toEqual({ name: 'SECURITY_OAUTH2_REALM', value: 'flowx' });
    expect(env.SECURITY_OAUTH2_SERVICE_ACCOUNT_ADMIN_CLIENT_SECRET).toEqual({ name: 'SECURITY_OAUTH2_SERVICE_ACCOUNT_ADMIN_CLIENT_SECRET', value: REDACTED });
    expect(env.SECURITY_OAUTH2_CLIENT_CLIENT_SECRET).toEqual({
      name: 'SECURITY_OAUTH2_CLIENT_CLIENT_SECRET',
      valueFrom: { secretKeyRef: { name: 'flowx-introspection-client', key: 'client-secret' } },
    });
    expect(env.POD_NAME!.valueFrom).toEqual({ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } });
    expect(env.SPRING_DATA_MONGODB_URI!.value).toBe(`mongodb://${REDACTED}@mongodb-0.mongodb:27017/admin?authSource=admin`);
    expect(env.EMPTY_BUT_SET).toEqual({ name: 'EMPTY_BUT_SET' });
    expect(app.envFrom).toEqual([{ configMapRef: { name: 'flowx-common-env' } }, { secretRef: { name: 'flowx-admin-extra' } }]);
    expect(admin.containers.find((c) => c.init)?.name).toBe('wait-for-postgres');
    expect(configMaps).toEqual([
      { name: 'flowx-common-env', referencedBy: ['Deployment/flowx-admin', 'Deployment/flowx-process-engine'], optional: false },
      { name: 'flowx-keycloak', referencedBy: ['Deployment/flowx-process-engine'], optional: false },
      { name: 'process-engine-tuning', referencedBy: ['Deployment/flowx-process-engine'], optional: true },
    ]);
    // No args, volumes, annotations (last-applied-configuration holds literal env) or status.
    const text = JSON.stringify(workloads);
    expect(text).not.toMatch(/args|volumes|annotations|last-applied|status/);
    expectNoPlanted(text, 'the extracted workloads');
  });

  test('ConfigMaps: credential-named keys redacted, URL userinfo masked, binaryData not copied', () => {
    const ref = { name: 'flowx-common-env', referencedBy: ['Deployment/flowx-admin'], optional: false };
    const cm = redactConfigMap(fixture('kubernetes/configmap-flowx-common-env.json'), ref, new SecretCollector());
    expect(cm).toEqual({
      name: 'flowx-common-env',
      referencedBy: ['Deployment/flowx-admin'],
      data: {
        SPRING_KAFKA_BOOTSTRAPSERVERS: 'kafka-bootstrap:9092',
        SPRING_REDIS_HOST: 'redis-master',
        SPRING_REDIS_PASSWORD: REDACTED,
        SECURITY_OAUTH2_BASE_SERVER_URL: 'https://keycloak.bank.internal',
        LOGGING_LEVEL_ROOT: 'INFO',
        SPRING_ELASTICSEARCH_REST_URIS: `https://${REDACTED}@elasticsearch-es-http:9200`,
      },
      binaryDataKeys: ['truststore.jks'],
    });
  });

  test('the 5.4 settings a rollback needs are derived the way check derives them, ConfigMap values included', () => {
    const secrets = new SecretCollector();
    const { workloads, configMaps } = extractWorkloads(lists, secrets);
    const cms = configMaps
      .filter((r) => r.name !== 'process-engine-tuning')
      .map((r) => redactConfigMap(fixture(`kubernetes/configmap-${r.name}.json`), r, secrets));
    const recorded = recordedFromWorkloads(workloads, cms, 'kubernetes/workloads.json');
    expect(recorded).toEqual({
      keycloak: {
        mainRealm: 'flowx',
        introspectionClientId: 'flowx-platform-authorize',
        legacyClientIds: { admin: 'flowx-admin-client', 'process-engine': 'process-engine-sa', 'runtime-manager': 'runtime-manager-client' },
      },
      conflicts: [],
    });
  });
});

describe('the dated folder', () => {
  test('is named by the UTC time, to the second', () => {
    expect(backupFolderName(new Date('2026-03-01T09:08:07.123Z'))).toBe('flowx-backup-20260301T090807Z');
    expect(backupFolderName(new Date('2026-12-31T23:59:59Z'))).toBe('flowx-backup-20261231T235959Z');
  });

  test('is never reused: a second backup in the same second gets its own folder, the first is untouched', async () => {
    const out = path.join(tmp(), 'backups', 'nested'); // created when missing
    const now = new Date('2026-03-01T09:08:07Z');
    const state = path.join(fixtures, 'terraform', 'terraform.flowx-production.tfstate');
    const first = await runBackup({ out, cwd: fixtures, state, now, version: 'test' });
    const before = filesUnder(first.dir);
    const second = await runBackup({ out, cwd: fixtures, state: 's3 bucket flowx-tfstate, key prod/flowx.tfstate', now, version: 'test' });
    expect(path.basename(first.dir)).toBe('flowx-backup-20260301T090807Z');
    expect(path.basename(second.dir)).toBe('flowx-backup-20260301T090807Z-2');
    expect(filesUnder(first.dir)).toEqual(before);
    expect(path.basename(createBackupFolder(out, now))).toBe('flowx-backup-20260301T090807Z-3');
  });
});

describe('Terraform state location', () => {
  const stateFile = path.join(fixtures, 'terraform', 'terraform.flowx-production.tfstate');

  test('a state file: absolute path, size and sha256, never the content', () => {
    const loc = describeState('terraform/terraform.flowx-production.tfstate', fixtures);
    const bytes = fs.readFileSync(stateFile);
    expect(loc).toEqual({
      kind: 'file',
      path: stateFile,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      modified: fs.statSync(stateFile).mtime.toISOString(),
    });
    expectNoPlanted(JSON.stringify(loc), 'the state record');
  });
  test('a folder: the *.tfstate files in it (cdktf names them terraform.<stack>.tfstate)', () => {
    const loc = describeState('terraform', fixtures);
    expect(loc).toMatchObject({ kind: 'directory', path: path.join(fixtures, 'terraform'), stateFiles: [{ path: stateFile }] });
  });
  test('a backend description, with credential pairs and URL userinfo masked', () => {
    expect(describeState('s3://flowx-tfstate/prod/flowx.tfstate region=eu-central-1 access_key=PLANTED-aws-key', fixtures)).toEqual({
      kind: 'description',
      text: `s3://flowx-tfstate/prod/flowx.tfstate region=eu-central-1 access_key=${REDACTED}`,
    });
    expect(describeState('Terraform Cloud https://ci:PLANTED-tfc-token@app.terraform.io workspace flowx-prod', fixtures)).toEqual({
      kind: 'description',
      text: `Terraform Cloud https://${REDACTED}@app.terraform.io workspace flowx-prod`,
    });
  });
  test('a path that does not exist is an error, not a description', () => {
    expect(() => describeState('./missing.tfstate', fixtures)).toThrow(`no such file or folder: ${path.join(fixtures, 'missing.tfstate')}`);
    expect(() => describeState('/nowhere/state', fixtures)).toThrow('no such file or folder');
  });
});

describe('isValidBackup', () => {
  const manifest = (over: Partial<BackupManifest> = {}): BackupManifest => ({
    schema: BACKUP_SCHEMA,
    createdAt: '2026-03-01T09:08:07.000Z',
    tool: { name: 'flowx-migrate', version: '0.1.0' },
    complete: true,
    captured: [{ part: 'terraform', files: ['terraform.json'], summary: 'state file /x' }],
    skipped: [],
    failed: [],
    recorded: { keycloak: { legacyClientIds: {} }, conflicts: [], from: null },
    notes: [],
    ...over,
  });
  const folder = (m: unknown, files: string[] = ['terraform.json']): string => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'manifest.json'), typeof m === 'string' ? m : JSON.stringify(m));
    for (const f of files) fs.writeFileSync(path.join(dir, f), '{}');
    return dir;
  };

  test('a complete backup is valid', () => {
    expect(isValidBackup(folder(manifest()))).toEqual({ ok: true });
    expect(readBackupManifest(folder(manifest())).manifest?.schema).toBe(BACKUP_SCHEMA);
  });
  test('each way a folder is not a usable backup says why', () => {
    const parent = tmp();
    fs.mkdirSync(path.join(parent, 'flowx-backup-20260101T000000Z'));
    fs.mkdirSync(path.join(parent, 'flowx-backup-20260301T090807Z'));
    const file = path.join(tmp(), 'a-file');
    fs.writeFileSync(file, '');
    const cases: [string, string][] = [
      [path.join(tmp(), 'nowhere'), 'no such folder'],
      [file, 'is not a folder'],
      [tmp(), 'has no manifest.json: not a folder written by `flowx-migrate backup`'],
      [parent, `name one of them, e.g. ${path.join(parent, 'flowx-backup-20260301T090807Z')} (the newest)`],
      [folder('{ not json'), 'manifest.json is not valid JSON'],
      [folder({ ...manifest(), schema: 'flowx-migrate/backup@0' }), 'manifest.json has schema "flowx-migrate/backup@0", expected "flowx-migrate/backup@1"'],
      [folder({ ...manifest(), createdAt: 'yesterday' }), 'no valid createdAt'],
      [
        folder(manifest({ complete: false, failed: [{ part: 'keycloak', item: 'realm "flowx"', reason: 'GET … answered 403' }] })),
        'the backup is incomplete: keycloak realm "flowx": GET … answered 403; run `flowx-migrate backup` again',
      ],
      [folder(manifest({ captured: [] })), 'the backup captured nothing'],
      [folder(manifest(), []), 'terraform.json, listed in manifest.json, is missing'],
    ];
    for (const [dir, reason] of cases) {
      const result = isValidBackup(dir);
      expect(result.ok).toBe(false);
      expect(result.reason).toContain(reason);
    }
  });
});

/**
 * A real Keycloak admin API stand-in: a node:http server on 127.0.0.1 that answers the token
 * endpoint and the admin paths with the fixture JSON. The backup talks to it with its real HTTP
 * client code (lib/verify/keycloak-http.ts, Node's fetch); nothing is mocked.
 */
async function keycloakStandIn(): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '';
      requests.push(`${req.method} ${url}`);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'POST' && url === '/realms/master/protocol/openid-connect/token') {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const good = form.get('grant_type') === 'password' && form.get('client_id') === 'admin-cli' && form.get('username') === 'admin' && form.get('password') === ADMIN_PASSWORD;
        return good ? send(200, { access_token: ADMIN_TOKEN, token_type: 'Bearer', expires_in: 60 }) : send(401, { error: 'invalid_grant', error_description: 'Invalid user credentials' });
      }
      if (req.headers.authorization !== `Bearer ${ADMIN_TOKEN}`) return send(401, { error: 'HTTP 401 Unauthorized' });
      const m = /^\/admin\/realms(?:\/([^/?]+)(\/clients)?)?$/.exec(url);
      if (req.method !== 'GET' || !m) return send(404, { error: 'Not Found' });
      const [, realm, clients] = m;
      if (!realm) return send(200, fixture('keycloak/realms.json'));
      const file = path.join(fixtures, 'keycloak', `${clients ? 'clients' : 'realm'}-${decodeURIComponent(realm)}.json`);
      if (!fs.existsSync(file)) return send(404, { error: 'Realm not found.' });
      return send(200, JSON.parse(fs.readFileSync(file, 'utf8')));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('flowx-migrate backup', () => {
  let keycloak: Awaited<ReturnType<typeof keycloakStandIn>>;
  beforeAll(async () => {
    keycloak = await keycloakStandIn();
  });
  afterAll(() => keycloak.close());

  const env = { KEYCLOAK_ADMIN_PASSWORD: ADMIN_PASSWORD };
  const now = () => new Date('2026-03-01T09:08:07Z');
  async function cli(argv: string[], options: { env?: NodeJS.ProcessEnv } = {}) {
    let stdout = '';
    let stderr = '';
    const code = await mainAsync(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: fixtures, env: options.env ?? env, now });
    return { code, stdout, stderr };
  }

  test('captures every realm but master and the state location; nothing planted is written or printed', async () => {
    const out = tmp();
    const { code, stdout, stderr } = await cli(['backup', '--out', out, '--keycloak-url', `${keycloak.url}/`, '--state', 'terraform/terraform.flowx-production.tfstate']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const dir = path.join(out, 'flowx-backup-20260301T090807Z');
    const files = filesUnder(dir);
    expect([...files.keys()].sort()).toEqual(['keycloak/flowx-sandbox.json', 'keycloak/flowx.json', 'manifest.json', 'terraform.json']);
    for (const [name, text] of files) {
      expectNoPlanted(text, name);
      expect(text).not.toContain(ADMIN_TOKEN);
    }
    expectNoPlanted(stdout, 'stdout');

    const realm = JSON.parse(files.get('keycloak/flowx.json')!);
    expect(realm).toMatchObject({ realm: 'flowx', keycloakUrl: keycloak.url, settings: { realm: 'flowx', smtpServer: { password: REDACTED } } });
    expect(realm.clients.map((c: { clientId: string }) => c.clientId)).toContain('flowx-admin-client');
    expect(realm.clients.find((c: { clientId: string }) => c.clientId === 'reporting-dcr').description).toBe(`rotated on 2024-05-29; previous secret was ${REDACTED}`);

    const manifest = JSON.parse(files.get('manifest.json')!) as BackupManifest;
    expect(manifest).toMatchObject({
      schema: BACKUP_SCHEMA,
      createdAt: '2026-03-01T09:08:07.000Z',
      tool: { name: 'flowx-migrate', version: (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version },
      complete: true,
      failed: [],
      skipped: [{ part: 'kubernetes', reason: 'not requested (give --kubeconfig FILE)' }],
      recorded: { keycloak: { legacyClientIds: {} }, conflicts: [], from: null },
    });
    expect(manifest.captured).toEqual([
      { part: 'keycloak', files: ['keycloak/flowx.json', 'keycloak/flowx-sandbox.json'], summary: `2 realms (flowx, flowx-sandbox), 10 clients from ${keycloak.url}` },
      { part: 'terraform', files: ['terraform.json'], summary: expect.stringMatching(/^state file .*terraform\.flowx-production\.tfstate \(\d+ bytes, sha256 [0-9a-f]{12}…\)$/) },
    ]);
    expect(manifest.notes[0]).toContain('no workload environment was captured');
    expect(isValidBackup(dir)).toEqual({ ok: true });

    expect(stdout).toContain(`flowx-migrate backup: wrote ${dir}\n`);
    expect(stdout).toContain('  keycloak: 2 realms (flowx, flowx-sandbox), 10 clients');
    expect(stdout).toContain('  kubernetes: skipped, not requested');
    expect(stdout).toMatch(/Complete\. Before upgrading to 5\.5\.0, name this folder in the environment's upgrade\.backup\.\n$/);
    // The admin password went in a POST body, never in a URL; master was never read.
    expect(keycloak.requests.join('\n')).not.toContain(ADMIN_PASSWORD);
    expect(keycloak.requests).not.toContain('GET /admin/realms/master');
  });

  test('a realm that fails is recorded, the rest is still written, exit 1, and the folder is not a usable backup', async () => {
    const out = tmp();
    const { code, stdout } = await cli(['backup', '--out', out, '--keycloak-url', keycloak.url, '--realm', 'flowx', '--realm', 'nope']);
    expect(code).toBe(1);
    const dir = path.join(out, 'flowx-backup-20260301T090807Z');
    expect([...filesUnder(dir).keys()].sort()).toEqual(['keycloak/flowx.json', 'manifest.json']);
    const manifest = readBackupManifest(dir).manifest!;
    expect(manifest.complete).toBe(false);
    expect(manifest.failed).toEqual([{ part: 'keycloak', item: 'realm "nope"', reason: `GET ${keycloak.url}/admin/realms/nope answered 404` }]);
    expect(stdout).toContain(`  keycloak: FAILED realm "nope": GET ${keycloak.url}/admin/realms/nope answered 404\n`);
    expect(stdout).toMatch(/Incomplete: 1 failure recorded in manifest\.json \(exit 1\)/);
    expect(isValidBackup(dir)).toEqual({ ok: false, reason: expect.stringContaining('the backup is incomplete: keycloak realm "nope"') });
  });

  test('a refused admin login is recorded with the user, never the password', async () => {
    const out = tmp();
    const { code, stdout } = await cli(['backup', '--out', out, '--keycloak-url', keycloak.url], { env: { KEYCLOAK_ADMIN_PASSWORD: 'PLANTED-wrong-password' } });
    expect(code).toBe(1);
    const dir = path.join(out, 'flowx-backup-20260301T090807Z');
    const files = filesUnder(dir);
    expect([...files.keys()]).toEqual(['manifest.json']);
    expect(JSON.parse(files.get('manifest.json')!).failed).toEqual([{ part: 'keycloak', item: 'admin login', reason: 'Keycloak admin login as "admin" failed (401)' }]);
    expectNoPlanted(files.get('manifest.json')!, 'manifest.json');
    expectNoPlanted(stdout, 'stdout');
  });

  test('an unreachable Keycloak is a failure, not a crash', async () => {
    const closed = await keycloakStandIn();
    await closed.close();
    const out = tmp();
    const { code } = await cli(['backup', '--out', out, '--keycloak-url', closed.url, '--state', 'terraform']);
    expect(code).toBe(1);
    const manifest = readBackupManifest(path.join(out, 'flowx-backup-20260301T090807Z')).manifest!;
    expect(manifest.failed).toEqual([{ part: 'keycloak', item: 'admin login', reason: expect.stringContaining('ECONNREFUSED') }]);
    expect(manifest.captured.map((c) => c.part)).toEqual(['terraform']);
  });

  describe('usage errors exit 2, print the usage and write nothing', () => {
    const kubeconfig = (dir: string, user: object) => {
      const file = path.join(dir, 'kubeconfig');
      fs.writeFileSync(
        file,
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Config',
          'current-context': 'ctx',
          clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443' } }],
          contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
          users: [{ name: 'u', user }],
        }),
      );
      return file;
    };
    const cases: [string, (out: string) => string[], string, NodeJS.ProcessEnv?][] = [
      ['no --out', () => ['backup', '--state', 'terraform'], 'backup needs --out DIR'],
      ['nothing requested', (out) => ['backup', '--out', out], 'nothing to back up: give --keycloak-url, --kubeconfig and/or --state'],
      ['--realm alone', (out) => ['backup', '--out', out, '--state', 'terraform', '--realm', 'flowx'], '--realm needs --keycloak-url'],
      ['--namespace alone', (out) => ['backup', '--out', out, '--state', 'terraform', '--namespace', 'flowx'], '--context and --namespace need --kubeconfig'],
      ['empty --state', (out) => ['backup', '--out', out, '--state', ' '], '--state needs a path or a backend description'],
      ['unknown option (a password flag)', (out) => ['backup', '--out', out, '--password', 'PLANTED-argv-password'], "Unknown option '--password'"],
      ['positional', (out) => ['backup', '--out', out, 'extra'], 'Unexpected argument'],
      ['not a URL', (out) => ['backup', '--out', out, '--keycloak-url', 'keycloak'], '--keycloak-url is not a URL'],
      ['not http', (out) => ['backup', '--out', out, '--keycloak-url', 'ftp://keycloak'], '--keycloak-url must be an http(s) URL'],
      [
        'credentials in the URL',
        (out) => ['backup', '--out', out, '--keycloak-url', 'https://admin:PLANTED-url-password@keycloak.bank.internal'],
        '--keycloak-url must not carry credentials: set KEYCLOAK_ADMIN_USER and KEYCLOAK_ADMIN_PASSWORD',
      ],
      ['no admin password', (out) => ['backup', '--out', out, '--keycloak-url', 'https://keycloak.bank.internal'], 'KEYCLOAK_ADMIN_PASSWORD is not set', {}],
      ['missing kubeconfig', (out) => ['backup', '--out', out, '--kubeconfig', path.join(out, 'nope')], `--kubeconfig ${'%OUT%'}/nope: no such file`],
      ['kubeconfig without credentials', (out) => ['backup', '--out', out, '--kubeconfig', kubeconfig(out, {})], 'its user has neither a client certificate and key nor a token'],
      [
        'kubeconfig without the context',
        (out) => ['backup', '--out', out, '--kubeconfig', kubeconfig(out, { token: 'PLANTED-kube-token' }), '--context', 'other'],
        'has no context "other"',
      ],
    ];
    // One object per case: with a four-parameter callback jest would take the last for `done`.
    test.each(cases.map(([name, argv, message, environment]) => ({ name, argv, message, environment })))('$name', async ({ argv, message, environment }) => {
      const parent = tmp();
      const out = path.join(parent, 'out');
      fs.mkdirSync(out);
      const { code, stdout, stderr } = await cli(argv(out), environment ? { env: environment } : {});
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(message.replace('%OUT%', out));
      expect(stderr).toContain(USAGE);
      expectNoPlanted(stderr, 'stderr');
      expect(fs.readdirSync(out).filter((f) => f.startsWith('flowx-backup-'))).toEqual([]);
    });
    test('--out naming a file', async () => {
      const file = path.join(tmp(), 'file');
      fs.writeFileSync(file, '');
      const { code, stderr } = await cli(['backup', '--out', file, '--state', 'terraform']);
      expect(code).toBe(2);
      expect(stderr).toContain(`--out ${file} is not a folder`);
    });
    test('the synchronous main refuses backup with a usage error pointing at mainAsync', () => {
      let stderr = '';
      expect(main(['backup', '--out', tmp(), '--state', 'terraform'], { stderr: (t) => void (stderr += t), stdout: () => undefined })).toBe(2);
      expect(stderr).toContain('run it through mainAsync');
    });
    test('mainAsync runs the other commands as main does', async () => {
      expect(await cli(['help'])).toEqual({ code: 0, stdout: USAGE, stderr: '' });
      expect((await cli(['diff', '--from', '5.3.0'])).code).toBe(2);
    });
  });

  test('the summary of a backup names the folder and counts', async () => {
    const result = await runBackup({ out: tmp(), cwd: fixtures, state: 'terraform', now: now(), version: 'test' });
    expect(backupSummary(result)).toBe(
      [
        `flowx-migrate backup: wrote ${result.dir}`,
        `  terraform: folder ${path.join(fixtures, 'terraform')} (1 state file)`,
        '  keycloak: skipped, not requested (give --keycloak-url URL)',
        '  kubernetes: skipped, not requested (give --kubeconfig FILE)',
        '  note: no workload environment was captured, so the 5.4 Keycloak settings a rollback needs were not recorded: run `flowx-migrate check` on your values, or set EnvironmentConfig.keycloak',
        '  0 values redacted; no Secret was read',
        "Complete. Before upgrading to 5.5.0, name this folder in the environment's upgrade.backup.",
        '',
      ].join('\n'),
    );
  });
});
