import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { ConfigurationError } from '../lib/config/problems';
import { ENVIRONMENTS } from '../stacks/environments';
import { selectEnvironments, synthesizeEnvironments } from '../stacks/synthesize';
import { containerOf, envMap, synthEnvironment, type TfJson } from './helpers/platform';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'flowx-synth-'));
const stackFile = (outdir: string, name: string) => path.join(outdir, 'stacks', name, 'cdk.tf.json');

/** A reviewable summary of a stack: what exists, which image, which variables. */
function summary(json: TfJson) {
  const workloads = { ...json.resource.kubernetes_deployment_v1, ...json.resource.kubernetes_job_v1 };
  return Object.values(workloads)
    .map((w: any) => {
      const c = w.spec.template.spec.container[0];
      return `${w.metadata.name} ${c.image} [${c.env.map((e: any) => e.name + (e.value_from ? '*' : '')).join(' ')}]`;
    })
    .sort();
}

describe('synthesizing the environments', () => {
  test('writes one stack per environment', () => {
    const outdir = tmp();
    synthesizeEnvironments(new App({ outdir }), ENVIRONMENTS);
    for (const env of ENVIRONMENTS) expect(fs.existsSync(stackFile(outdir, env.name))).toBe(true);
  });

  test('writes nothing, and removes the previous output, when any environment is bad', () => {
    const outdir = tmp();
    synthesizeEnvironments(new App({ outdir }), ENVIRONMENTS);
    const bad = [...ENVIRONMENTS, { name: 'broken', platformVersion: '5.5.0', services: { admin: { env: { SECURITY_OAUTH2_REALM: 'x' } } } } as const];
    expect(() => synthesizeEnvironments(new App({ outdir }), bad)).toThrow(ConfigurationError);
    expect(fs.existsSync(path.join(outdir, 'stacks'))).toBe(false);
    expect(fs.existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
  });

  test('reports the problems of every environment together', () => {
    const bad = [
      { name: 'one', platformVersion: '5.5.0', services: { admin: { env: { SECURITY_OAUTH2_REALM: 'x' } } } },
      { name: 'two', platformVersion: '9.9.9' },
    ] as any;
    try {
      synthesizeEnvironments(new App({ outdir: tmp() }), bad);
      throw new Error('expected a ConfigurationError');
    } catch (e) {
      expect((e as ConfigurationError).problems.map((p) => p.environment)).toEqual(['one', 'two']);
    }
  });

  test('FLOWX_ENVIRONMENTS selects environments and rejects unknown names', () => {
    expect(selectEnvironments(ENVIRONMENTS, 'production').map((e) => e.name)).toEqual(['production']);
    expect(selectEnvironments(ENVIRONMENTS, undefined)).toHaveLength(ENVIRONMENTS.length);
    expect(() => selectEnvironments(ENVIRONMENTS, 'prod')).toThrow(/no such environment/);
  });
});

describe('default environment', () => {
  const { json } = synthEnvironment(ENVIRONMENTS.find((e) => e.name === 'default')!);
  test('runs the 18 deployed services and the data-sync job of 5.5.0', () => {
    expect(Object.keys(json.resource.kubernetes_deployment_v1)).toHaveLength(18);
    expect(Object.keys(json.resource.kubernetes_job_v1)).toHaveLength(1);
  });
  test('endpoints are variables with defaults; the admin password is sensitive and has none', () => {
    expect(Object.keys(json.variable ?? {}).sort()).toEqual([
      'keycloak_admin_password', 'keycloak_admin_url', 'keycloak_admin_username', 'keycloak_url', 'kube_config_path', 'kube_context',
    ]);
    for (const [name, v] of Object.entries(json.variable ?? {})) {
      if (name === 'keycloak_admin_password') expect(v).toEqual(expect.objectContaining({ sensitive: true })), expect(v).not.toHaveProperty('default');
      else expect(v).toHaveProperty('default');
    }
  });
  test('declares the SA realm, the ten clients and the managed dependencies', () => {
    expect(Object.values(json.resource.keycloak_realm).map((r: any) => r.realm)).toEqual(['flowx-service-accounts']);
    expect(Object.keys(json.resource.keycloak_openid_client)).toHaveLength(10);
    expect(Object.values(json.resource.helm_release).map((r: any) => r.name).sort()).toEqual([
      'flowx-cnpg-operator', 'flowx-kafka', 'flowx-postgresql', 'flowx-redis', 'flowx-spicedb', 'flowx-strimzi-operator',
    ]);
  });
  test('summary', () => expect(summary(json)).toMatchSnapshot());
});

describe('production example', () => {
  const { json } = synthEnvironment(ENVIRONMENTS.find((e) => e.name === 'production')!);
  test('pulls from the private mirror', () => {
    expect(containerOf(json, 'admin').image).toBe('mirror.bank.internal/flowx-ai/admin:10.53.0');
  });
  test('reaches the external datastores', () => {
    const env = envMap(containerOf(json, 'process-engine'));
    expect(env.get('SPRING_DATASOURCE_URL').value).toBe('jdbc:postgresql://pg.db.bank.internal:5432/process_engine');
    expect(env.get('SPRING_KAFKA_SECURITY_PROTOCOL').value).toBe('SSL');
  });
  test('its extra credential travels by reference', () => {
    expect(envMap(containerOf(json, 'admin')).get('FLOWX_AUDIT_WEBHOOK_TOKEN').value_from.secret_key_ref).toEqual({ name: 'flowx-admin-audit-webhook', key: 'token' });
  });
  test('summary', () => expect(summary(json)).toMatchSnapshot());
});
