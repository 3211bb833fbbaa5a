import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { collectFiles, readInputs, readText } from '../lib/migrate/read-inputs';
import { parseDotenv } from '../lib/migrate/read-dotenv';
import { detectService, matchService } from '../lib/migrate/service-detection';
import type { FoundVariable, InputFile } from '../lib/migrate/found-variable';

const fixture = (...p: string[]) => path.join(__dirname, 'fixtures', 'migrate', ...p);
const byName = (file: InputFile, name: string): FoundVariable[] => file.variables.filter((v) => v.name === name);
const one = (file: InputFile, name: string): FoundVariable => {
  const found = byName(file, name);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('service names', () => {
  test.each([
    ['process-engine', 'process-engine'],
    ['flowx-process-engine', 'process-engine'],
    ['processEngine', 'process-engine'],
    ['FLOWX_ADMIN', 'admin'],
    ['values-process-engine', 'process-engine'],
    ['flowx-runtime-manager-0', 'runtime-manager'],
    ['data-sync-job', 'data-sync'],
    ['task-management-plugin-credentials', 'task-management-plugin'],
    ['keycloak', undefined],
    ['designer', undefined],
  ])('%s names %s', (text, service) => {
    expect(matchService(text)).toBe(service);
  });

  test('section keys match exactly, other hints loosely', () => {
    expect(matchService('values-admin', false)).toBeUndefined();
    expect(detectService([{ source: 'section', text: 'admin-settings' }])).toBeUndefined();
    expect(detectService([{ source: 'workload-name', text: 'admin-settings' }])).toBe('admin');
  });

  test('SPRING_APPLICATION_NAME beats the container, the container beats the image', () => {
    const hints = [
      { source: 'image' as const, text: 'registry.flowx.ai/flowx/application-manager:10.37.0' },
      { source: 'container' as const, text: 'app' },
      { source: 'application-name' as const, text: 'runtime-manager' },
    ];
    expect(detectService(hints)).toBe('runtime-manager');
    expect(detectService(hints.slice(0, 2))).toBe('application-manager');
  });
});

describe('Helm values', () => {
  const file = readInputs([fixture('installation-5.4', 'helm', 'values-5.4.yaml')]).files[0]!;

  test('is read as Helm values with the services of its sections', () => {
    expect(file.format).toBe('helm-values');
    expect(file.services).toEqual(['admin', 'cms-core', 'events-gateway', 'process-engine', 'runtime-manager']);
  });
  test('reads an env map, with the section as service and the line of the key', () => {
    const v = byName(file, 'SECURITY_TYPE').find((x) => x.service === 'process-engine')!;
    expect(v).toMatchObject({ line: 13, location: 'process-engine.env.SECURITY_TYPE', value: { kind: 'literal', value: 'oauth2' } });
  });
  test('reads name/value lists such as extraEnvVars, including valueFrom references', () => {
    const v = one(file, 'SECURITY_OAUTH2_SERVICE_ACCOUNT_ADMIN_CLIENT_SECRET');
    expect(v).toMatchObject({
      service: 'process-engine',
      location: 'process-engine.extraEnvVars[0]',
      value: { kind: 'reference', source: 'secretKeyRef process-engine-sa/client-secret' },
    });
  });
  test('reads nested Spring properties it watches, under a camelCase section', () => {
    expect(one(file, 'security.oauth2.realm')).toMatchObject({ service: 'runtime-manager', value: { kind: 'literal', value: 'flowx' } });
    // `admin` inside service-account.admin is a property, not the admin section.
    expect(one(file, 'security.oauth2.service-account.admin.client-id').service).toBe('runtime-manager');
  });
  test('does not take unrelated keys for variables', () => {
    expect(file.variables.map((v) => v.name)).not.toContain('replicaCount');
    expect(file.variables.map((v) => v.name)).not.toContain('tag');
  });

  test('finds env blocks at any depth and names the service from a nested section, nameOverride or image', () => {
    const text = [
      'flowx:',
      '  services:',
      '    integrationDesigner:',
      '      extraEnv:',
      '        SECURITY_TYPE: oauth2',
      'app1:',
      '  image: { repository: registry.flowx.ai/flowx/cms-core, tag: 10.22.0 }',
      '  deployment:',
      '    env: [{ name: SECURITY_OAUTH2_REALM, value: flowx }]',
      'app2:',
      '  nameOverride: flowx-email-gateway',
      '  env: { SECURITY_TYPE: oauth2 }',
      'common:',
      '  env: { SECURITY_TYPE: oauth2 }',
    ].join('\n');
    const f = readText(text, '/cfg/values.yaml');
    expect(f.variables.map((v) => [v.name, v.service ?? null])).toEqual([
      ['SECURITY_TYPE', 'integration-designer'],
      ['SECURITY_OAUTH2_REALM', 'cms-core'],
      ['SECURITY_TYPE', 'email-gateway'],
      ['SECURITY_TYPE', null],
    ]);
  });
  test('follows aliases and merge keys (`<<: *common`) into env maps', () => {
    const text = 'common: &common\n  SECURITY_OAUTH2_REALM: flowx\nadmin:\n  env:\n    <<: *common\n    LOG_LEVEL: INFO\nself: &loop\n  again: *loop\n';
    const admin = readText(text, '/cfg/values.yaml').variables.filter((v) => v.service === 'admin');
    expect(admin.map((v) => [v.name, v.line, v.location])).toEqual([
      ['SECURITY_OAUTH2_REALM', 2, 'admin.env.SECURITY_OAUTH2_REALM'],
      ['LOG_LEVEL', 6, 'admin.env.LOG_LEVEL'],
    ]);
  });
  test('a section with enabled: false does not count as installed', () => {
    const f = readText('organization-manager:\n  enabled: false\n  env: { SECURITY_TYPE: jwt-public-key }\n', '/cfg/values.yaml');
    expect(f.services).not.toContain('organization-manager');
  });
  test('a single-chart values file takes its service from the file or folder name', () => {
    expect(readText('env:\n  SECURITY_TYPE: oauth2\n', '/cfg/values-scheduler-core.yaml').variables[0]!.service).toBe('scheduler-core');
    expect(readText('env:\n  SECURITY_TYPE: oauth2\n', '/cfg/document-plugin/values.yaml').variables[0]!.service).toBe('document-plugin');
  });
});

describe('Kubernetes manifests', () => {
  const file = readInputs([fixture('installation-5.4', 'k8s', 'flowx-workloads.yaml')]).files[0]!;

  test('is read as manifests, every document', () => {
    expect(file.format).toBe('kubernetes');
    expect(file.services).toEqual(['authorization-system', 'data-sync', 'runtime-manager', 'scheduler-core', 'task-management-plugin']);
  });
  test('runtime-manager runs the application-manager image; SPRING_APPLICATION_NAME names it', () => {
    expect(byName(file, 'SECURITY_TYPE').map((v) => v.service)).toContain('runtime-manager');
    expect(byName(file, 'SECURITY_TYPE').map((v) => v.service)).not.toContain('application-manager');
  });
  test('reads container env of Deployments, StatefulSets and CronJobs with their location', () => {
    expect(one(file, 'FLOWX_SPICEDB_HOST')).toMatchObject({
      service: 'authorization-system',
      location: 'document 2: StatefulSet/flowx-authorization-system: spec.template.spec.containers[0].env[2]',
    });
    expect(one(file, 'SPRING_SECURITY_OAUTH2_RESOURCE_SERVER_OPAQUE_TOKEN_CLIENT_ID')).toMatchObject({ service: 'data-sync', line: 76 });
  });
  test('reads ConfigMap data as variables, and Secret data as confidential (base64 decoded)', () => {
    const cm = byName(file, 'SECURITY_TYPE').find((v) => v.service === 'scheduler-core')!;
    expect(cm).toMatchObject({ confidential: false, value: { kind: 'literal', value: 'oauth2' } });
    const secret = one(file, 'SECURITY_OAUTH2_CLIENT_CLIENT_SECRET');
    expect(secret).toMatchObject({ service: 'task-management-plugin', confidential: true });
    const b64 = byName(file, 'SECURITY_OAUTH2_SERVICE_ACCOUNT_ADMIN_CLIENT_SECRET').find((v) => v.confidential)!;
    expect(b64.value).toEqual({ kind: 'literal', value: 'PLANTED-base64-secret' });
  });
  test('reads List items and Jobs; a Namespace names no service', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - apiVersion: batch/v1',
      '    kind: Job',
      '    metadata: { name: flowx-data-sync-migration }',
      '    spec:',
      '      template:',
      '        spec:',
      '          containers:',
      '            - name: sync',
      '              image: registry.flowx.ai/flowx/data-sync:10.20.1',
      '              env: [{ name: SECURITY_OAUTH2_REALM, value: flowx }]',
      '---',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: { name: admin }',
    ].join('\n');
    const f = readText(text, '/cfg/rendered.yaml');
    expect(f.variables.map((v) => [v.name, v.service])).toEqual([['SECURITY_OAUTH2_REALM', 'data-sync']]);
    expect(f.services).toEqual(['data-sync']);
  });
});

describe('.env files', () => {
  test('reads export, quotes, comments and inline comments', () => {
    const { variables, badLines } = parseDotenv(
      ['# comment', '', 'export A=1', 'B="two words"', "C='single # not a comment'", 'D=x # comment', 'security.type=oauth2'].join('\n'),
    );
    expect(badLines).toEqual([]);
    expect(variables.map((v) => [v.name, v.value.kind === 'literal' ? v.value.value : '', v.line])).toEqual([
      ['A', '1', 3],
      ['B', 'two words', 4],
      ['C', 'single # not a comment', 5],
      ['D', 'x', 6],
      ['security.type', 'oauth2', 7],
    ]);
  });
  test('takes the service from the file name', () => {
    const f = readInputs([fixture('installation-5.4', 'env', 'integration-designer.env')]).files[0]!;
    expect(f).toMatchObject({ format: 'dotenv', services: ['integration-designer'] });
    expect(new Set(f.variables.map((v) => v.service))).toEqual(new Set(['integration-designer']));
  });
  test('a file named otherwise is read as .env when every line is KEY=VALUE', () => {
    expect(readText('SECURITY_TYPE=oauth2\n', '/cfg/admin-environment.txt')).toMatchObject({ format: 'dotenv', services: ['admin'] });
    expect(readText('SECURITY_TYPE: oauth2\n', '/cfg/admin-environment.txt').format).toBe('helm-values');
  });
  test('SPRING_APPLICATION_NAME names the service of a plain .env', () => {
    const f = readText('SPRING_APPLICATION_NAME=runtime-manager\nSECURITY_TYPE=oauth2\n', '/cfg/.env');
    expect(f.variables.map((v) => v.service)).toEqual(['runtime-manager', 'runtime-manager']);
  });
});

describe('files and folders', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowx-migrate-'));
    for (const name of ['a.yaml', 'b.yml', '.env', '.env.production', 'admin.env', 'notes.md', 'values.json']) {
      fs.writeFileSync(path.join(dir, name), '');
    }
    fs.mkdirSync(path.join(dir, 'nested', 'deeper'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'nested', 'deeper', 'c.yaml'), '');
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.writeFileSync(path.join(dir, 'node_modules', 'x.yaml'), '');
    fs.mkdirSync(path.join(dir, 'empty'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a folder walk picks .yaml, .yml and .env files, recursively, in a stable order', () => {
    const { files } = collectFiles([dir]);
    expect(files.map((f) => path.relative(dir, f))).toEqual(['.env', '.env.production', 'a.yaml', 'admin.env', 'b.yml', path.join('nested', 'deeper', 'c.yaml')]);
  });
  test('a file named explicitly is read whatever its extension', () => {
    expect(collectFiles([path.join(dir, 'values.json')]).files).toHaveLength(1);
  });
  test('a missing path and a folder without configuration are unreadable, with the reason', () => {
    const { unreadable } = collectFiles([path.join(dir, 'missing.yaml'), path.join(dir, 'empty')]);
    expect(unreadable).toEqual([
      { file: path.join(dir, 'missing.yaml'), reason: 'no such file or folder' },
      { file: path.join(dir, 'empty'), reason: 'no .yaml, .yml or .env files in this folder' },
    ]);
  });
  test('malformed files are named with a reason that quotes no content; the others are still read', () => {
    const result = readInputs([fixture('broken'), fixture('ready-5.5')]);
    expect(result.files.map((f) => path.basename(f.file))).toEqual(['values-5.5.yaml']);
    expect(result.unreadable.map((u) => [path.basename(u.file), u.reason])).toEqual([
      ['admin.env', 'not a .env file: line 2 is not KEY=VALUE'],
      ['values-broken.yaml', 'YAML syntax error at line 5, column 1 (BAD_INDENT: All mapping items must start at the same column)'],
    ]);
    expect(JSON.stringify(result.unreadable)).not.toContain('PLANTED');
  });
  test('an unrendered Helm template is named as such', () => {
    expect(() => readText('{{- if .Values.enabled }}\nenv:\n  A: {{ .Values.a | quote }}\n{{- end }}\n', '/chart/templates/deployment.yaml')).toThrow(
      /unrendered Helm template/,
    );
  });
});
