import * as path from 'node:path';
import { GUIDE, REMOVED_SETTINGS } from '../lib/catalog/removed-settings';
import { CATALOG } from '../lib/catalog/services';
import { renderContract } from '../lib/contract/environment-contract';
import { DEFAULT_SETTINGS } from '../lib/config/settings';
import { checkInputs, type CheckReport } from '../lib/migrate/check';
import type { ReadResult } from '../lib/migrate/found-variable';
import { readInputs, readText } from '../lib/migrate/read-inputs';
import { DATASTORE_SETTINGS } from '../lib/migrate/watched-settings';

const fixture = (...p: string[]) => path.join(__dirname, 'fixtures', 'migrate', ...p);
const display = (f: string) => path.relative(fixture(), f);
/** check over in-memory files: [file name, content]. */
const checkTexts = (...files: [string, string][]): CheckReport =>
  checkInputs({ files: files.map(([name, text]) => readText(text, `/cfg/${name}`, name)), unreadable: [] });

describe('removed settings, in every spelling Spring binds', () => {
  const spellings = (name: string): string[] => [
    name,
    name.toLowerCase().replace(/_/g, '.'),
    name.toLowerCase().replace(/_/g, '-'),
    name.replace(/_/g, ''),
  ];
  const cases = REMOVED_SETTINGS.flatMap((s) => spellings(s.name).map((spelled) => [s.name, spelled] as const));

  test.each(cases)('%s spelled %s is found in .env, Helm values and a manifest', (guideName, spelled) => {
    const manifest = `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: flowx-admin }\nspec:\n  template:\n    spec:\n      containers:\n        - name: admin\n          image: flowx/admin:10.38.0\n          env: [{ name: ${spelled}, value: x }]\n`;
    const report = checkTexts(
      ['admin.env', `${spelled}=x\n`],
      ['values.yaml', `admin:\n  env:\n    ${spelled}: x\n`],
      ['deploy.yaml', manifest],
    );
    const removed = REMOVED_SETTINGS.find((s) => s.name === guideName)!;
    expect(report.removedSettings.map((f) => [f.file, f.service, f.setting, f.guideName, f.replacement, f.guide])).toEqual(
      ['admin.env', 'values.yaml', 'deploy.yaml'].map((file) => [file, 'admin', spelled, guideName, removed.replacement, removed.guide]),
    );
  });

  test('names the file, line, location and service of each finding', () => {
    const report = checkInputs(readInputs([fixture('installation-5.4', 'helm', 'values-5.4.yaml')], display));
    expect(report.removedSettings.find((f) => f.line === 39)).toMatchObject({
      file: 'installation-5.4/helm/values-5.4.yaml',
      location: 'admin.env.SPRING_SECURITY_OAUTH2_RESOURCESERVER_OPAQUETOKEN_INTROSPECTIONURI',
      service: 'admin',
      guideName: 'SPRING_SECURITY_OAUTH2_RESOURCE_SERVER_OPAQUE_TOKEN_INTROSPECTION_URI',
      description: 'opaque-token introspection endpoint',
    });
  });
  test('a setting 5.5 keeps is not a finding', () => {
    const report = checkTexts(['admin.env', 'SECURITY_OAUTH2_BASE_SERVER_URL=https://kc\nSECURITY_OAUTH2_SA_REALM=flowx-sa\nSECURITY_TYPE=jwt-public-key\n']);
    expect(report.removedSettings).toEqual([]);
    expect(report.changedDefaults).toEqual([]);
  });
});

describe('changed defaults pinned explicitly', () => {
  const problems = (report: CheckReport) => report.changedDefaults.map((f) => [f.setting, f.problem]);

  test.each([['SECURITY_TYPE=oauth2'], ['SECURITY_TYPE=OAuth2'], ['security.type= oauth2 '], ['securityType=oauth2'], ['SECURITY_TYPE="oauth2"']])(
    'flags %s',
    (line) => {
      const report = checkTexts(['admin.env', `${line}\n`]);
      expect(report.changedDefaults).toHaveLength(1);
      expect(report.changedDefaults[0]).toMatchObject({ guideName: 'SECURITY_TYPE', oldDefault: 'oauth2', newDefault: 'jwt-public-key', guide: GUIDE.defaults });
    },
  );
  test('does not flag SECURITY_TYPE=jwt-public-key', () => {
    expect(checkTexts(['admin.env', 'SECURITY_TYPE=jwt-public-key\n']).changedDefaults).toEqual([]);
  });

  test('MAINIDENTITY client id: the 5.4 placeholder and an old id are flagged, flowx-<service>-sa is not', () => {
    const id = 'SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_MAINIDENTITY_CLIENT_ID';
    expect(problems(checkTexts(['admin.env', `${id}=\${security.oauth2.service-account.admin.client-id}\n`]))).toEqual([
      [id, 'pins the 5.4 default, which refers to SECURITY_OAUTH2_SERVICE_ACCOUNT_ADMIN_CLIENT_ID (removed in 5.5)'],
    ]);
    expect(problems(checkTexts(['admin.env', `${id}=admin-client\n`]))).toEqual([[id, 'pins the client id "admin-client"; 5.5 expects flowx-admin-sa']]);
    expect(problems(checkTexts(['admin.env', `${id}=flowx-admin-sa\n`]))).toEqual([]);
    // S4 spells it CLIENTID; the service comes from the section.
    expect(problems(checkTexts(['values.yaml', 'process-engine:\n  env:\n    SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_MAINIDENTITY_CLIENTID: flowx-admin-sa\n']))).toEqual([
      ['SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_MAINIDENTITY_CLIENTID', 'pins the client id "flowx-admin-sa"; 5.5 expects flowx-process-engine-sa'],
    ]);
  });
  test('MAINIDENTITY client id of an unknown service: flagged unless of the flowx-<service>-sa form', () => {
    const id = 'SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_MAINIDENTITY_CLIENT_ID';
    expect(problems(checkTexts(['.env', `${id}=flowx-admin-sa\n`]))).toEqual([]);
    expect(problems(checkTexts(['.env', `${id}=legacy\n`]))).toEqual([[id, 'pins the client id "legacy"; 5.5 expects flowx-<service>-sa']]);
  });

  test('MAINIDENTITY client secret: a literal or the 5.4 placeholder is flagged, a secretKeyRef is not', () => {
    const secret = 'SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_MAINIDENTITY_CLIENT_SECRET';
    const literal = checkTexts(['admin.env', `${secret}=hunter2\n`]).changedDefaults;
    expect(literal.map((f) => [f.value, f.problem])).toEqual([['<redacted>', 'is pinned as a literal; in 5.5 it must be the secret of flowx-admin-sa, which 5.4 did not have']]);
    expect(problems(checkTexts(['admin.env', `${secret}=\${security.oauth2.service-account.admin.client-secret}\n`]))).toEqual([
      [secret, 'pins the 5.4 default, which refers to SECURITY_OAUTH2_SERVICE_ACCOUNT_ADMIN_CLIENT_SECRET (removed in 5.5)'],
    ]);
    const ref = `admin:\n  extraEnvVars:\n    - name: ${secret}\n      valueFrom: { secretKeyRef: { name: flowx-admin-sa-credentials, key: client-secret } }\n`;
    expect(problems(checkTexts(['values.yaml', ref]))).toEqual([]);
  });

  test('token URI: the main-realm placeholder or the main realm is flagged, the service-account realm is not', () => {
    const uri = 'SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_MAINAUTHPROVIDER_TOKEN_URI';
    const flagged = (value: string, extra = '') => problems(checkTexts(['admin.env', `${extra}${uri}=${value}\n`]));
    expect(flagged('${security.oauth2.base-server-url}/realms/${security.oauth2.realm}/protocol/openid-connect/token')).toEqual([
      [uri, 'uses the main realm placeholder (SECURITY_OAUTH2_REALM, removed in 5.5)'],
    ]);
    expect(flagged('$(SECURITY_OAUTH2_BASE_SERVER_URL)/realms/$(SECURITY_OAUTH2_REALM)/protocol/openid-connect/token')).toHaveLength(1);
    expect(flagged('https://kc/realms/flowx/protocol/openid-connect/token', 'SECURITY_OAUTH2_REALM=flowx\n')).toEqual([[uri, 'points at the main realm "flowx"']]);
    expect(flagged('https://kc/realms/flowx-sa/protocol/openid-connect/token', 'SECURITY_OAUTH2_REALM=flowx\n')).toEqual([]);
    expect(flagged('${SECURITY_OAUTH2_BASE_SERVER_URL}/realms/${SECURITY_OAUTH2_SA_REALM}/protocol/openid-connect/token')).toEqual([]);
  });
});

describe('service-account clients', () => {
  const report = checkInputs(readInputs([fixture('installation-5.4')], display));

  test('each old client id maps to flowx-<service>-sa, with every place it was found', () => {
    expect(report.clientRenames.map((r) => [r.service, r.oldClientId, r.newClientId, r.foundIn.map((p) => `${p.file}:${p.line}`)])).toEqual([
      ['integration-designer', 'integration-designer-client', 'flowx-integration-designer-sa', ['installation-5.4/env/integration-designer.env:5']],
      ['process-engine', 'flowx-process-engine-sa-old', 'flowx-process-engine-sa', ['installation-5.4/helm/values-5.4.yaml:18']],
      ['admin', 'flowx-admin-client', 'flowx-admin-sa', ['installation-5.4/helm/values-5.4.yaml:40']],
      [
        'runtime-manager',
        'runtime-manager-client',
        'flowx-runtime-manager-sa',
        ['installation-5.4/helm/values-5.4.yaml:53', 'installation-5.4/k8s/flowx-workloads.yaml:27'],
      ],
      ['scheduler-core', 'scheduler-core-client', 'flowx-scheduler-core-sa', ['installation-5.4/k8s/flowx-workloads.yaml:87']],
    ]);
  });
  test('records the installation\'s 5.4 Keycloak settings for a rollback', () => {
    expect(report.recorded).toEqual({
      keycloak: {
        mainRealm: 'flowx',
        introspectionClientId: 'flowx-platform-authorize',
        legacyClientIds: {
          'integration-designer': 'integration-designer-client',
          'process-engine': 'flowx-process-engine-sa-old',
          admin: 'flowx-admin-client',
          'runtime-manager': 'runtime-manager-client',
          'scheduler-core': 'scheduler-core-client',
        },
      },
      conflicts: [],
    });
  });
  test('two old ids for one service are both listed, and left out of the record', () => {
    const r = checkTexts(['admin.env', 'SECURITY_OAUTH2_SERVICE_ACCOUNT_ADMIN_CLIENT_ID=a\n'], ['values.yaml', 'admin:\n  env:\n    SECURITY_OAUTH2_SERVICE_ACCOUNT_ADMIN_CLIENT_ID: b\n']);
    expect(r.clientRenames.map((c) => c.oldClientId)).toEqual(['a', 'b']);
    expect(r.recorded).toEqual({ keycloak: { legacyClientIds: {} }, conflicts: ['keycloak.legacyClientIds.admin: 2 different values'] });
  });
  test('an id whose service is unknown, or which has no 5.5 client, says so', () => {
    const r = checkTexts(['.env', 'SECURITY_OAUTH2_SERVICE_ACCOUNT_ADMIN_CLIENT_ID=shared\n'], ['cms-core.env', 'SECURITY_OAUTH2_SERVICE_ACCOUNT_ADMIN_CLIENT_ID=cms\n']);
    expect(r.clientRenames.map((c) => [c.service, c.newClientId, c.note])).toEqual([
      [null, null, 'service not detected: name the file, folder, values section or workload after the service'],
      ['cms-core', null, 'cms-core has no service-account client in 5.5: remove the setting'],
    ]);
  });
});

describe('what 5.5 adds', () => {
  test('Organization Manager and each dependency, saying which the installation already runs', () => {
    const report = checkInputs(readInputs([fixture('installation-5.4')], display));
    expect(report.missing.map((m) => [m.kind, m.item, m.seenInInput])).toEqual([
      ['service', `organization-manager ${CATALOG['organization-manager'].releases['5.5.0'].version}`, false],
      ['datastore', 'PostgreSQL', true],
      ['datastore', 'Redis', true],
      ['datastore', 'Kafka', true],
      ['datastore', 'SpiceDB', true],
      ['keycloak', 'Keycloak client flowx-organization-manager-sa', false],
    ]);
    expect(report.missing[1]!.detail).toContain('a database "organization_manager" of its own');
    expect(new Set(report.missing.map((m) => m.guide))).toEqual(new Set([GUIDE.organizationManager]));
  });
  test('nothing is missing when organization-manager is configured', () => {
    expect(checkInputs(readInputs([fixture('ready-5.5')])).missing).toEqual([]);
  });
  test('a disabled organization-manager section does not count', () => {
    const r = checkTexts(['values.yaml', 'admin:\n  env: { SECURITY_TYPE: jwt-public-key }\norganization-manager:\n  enabled: false\n']);
    expect(r.missing.map((m) => m.kind)).toContain('service');
  });
  test('input without any FlowX service says so instead of listing what is missing', () => {
    const r = checkTexts(['values.yaml', 'replicaCount: 2\n']);
    expect(r.missing).toEqual([]);
    expect(r.notes).toEqual(['no FlowX service or variable was found in the input']);
  });
  test.each(Object.entries(DATASTORE_SETTINGS))('the %s indicator is the variable the contract renders first for it', (store, names) => {
    const user = Object.values(CATALOG).find((s) => s.datastores.includes(store as never) && s.releases['5.5.0'].enabled)!;
    const contract = renderContract(user.name as never, '5.5.0', DEFAULT_SETTINGS).map((v) => v.name);
    expect(contract).toContain(names[0]);
  });
});

describe('exit codes', () => {
  const code = (r: ReadResult) => checkInputs(r).exitCode;
  test('0 when nothing is to change', () => {
    expect(code(readInputs([fixture('ready-5.5')]))).toBe(0);
  });
  test('1 on findings', () => {
    expect(code(readInputs([fixture('installation-5.4')]))).toBe(1);
  });
  test('2 when some input could not be read, which wins over 1; the rest is still checked', () => {
    const report = checkInputs(readInputs([fixture('installation-5.4'), fixture('broken')]));
    expect(report.exitCode).toBe(2);
    expect(report.unreadable).toHaveLength(2);
    expect(report.removedSettings.length).toBeGreaterThan(0);
  });
});
