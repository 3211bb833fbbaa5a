import { CATALOG, SERVICE_NAMES } from '../lib/catalog/services';
import { SecretNames } from '../lib/catalog/secret-names';
import { byName, containerOf, envMap, synthEnvironment } from './helpers/platform';

const { json, stack } = synthEnvironment({ name: 'unit', platformVersion: '5.5.0' });
const running = SERVICE_NAMES.filter((n) => CATALOG[n].releases['5.5.0'].enabled);

describe('the namespace', () => {
  test('enforces the restricted Pod Security level', () => {
    const ns = byName(json, 'kubernetes_namespace_v1', 'flowx');
    expect(ns.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });
});

describe.each(running)('%s workload', (name) => {
  const spec = CATALOG[name];
  const container = containerOf(json, name);
  const env = envMap(container);

  test('runs the 5.5.0 image from the default registry', () => {
    expect(container.image).toBe(`registry.flowx.ai/flowx/${spec.image}:${spec.releases['5.5.0'].version}`);
  });
  test('lives in the platform namespace, created first', () => {
    const type = spec.kind === 'job' ? 'kubernetes_job_v1' : 'kubernetes_deployment_v1';
    expect(byName(json, type, name).metadata.namespace).toMatch(/^\$\{kubernetes_namespace_v1\..+\.metadata\[0\]\.name\}$/);
  });
  test('meets the restricted profile', () => {
    expect(container.security_context).toEqual({
      allow_privilege_escalation: false,
      capabilities: { drop: ['ALL'] },
      read_only_root_filesystem: false,
      run_as_non_root: true,
      seccomp_profile: { type: 'RuntimeDefault' },
    });
  });
  test('has requests and limits', () => {
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '768Mi' }, limits: { cpu: '1', memory: '1536Mi' } });
  });
  test('every secret is a secretKeyRef, never a value', () => {
    for (const e of env.values()) {
      if (/SECRET|PASSWORD|SPICEDB_TOKEN|MONGODB_URI/.test(e.name)) {
        expect(e.value).toBeUndefined();
        expect(e.value_from.secret_key_ref.name).toMatch(/^flowx-/);
      }
    }
  });
  if (spec.kind === 'deployment') {
    test('probes liveness and readiness on the management port', () => {
      expect(container.liveness_probe.http_get).toEqual({ path: spec.probes.livenessPath, port: 'management' });
      expect(container.readiness_probe.http_get).toEqual({ path: spec.probes.readinessPath, port: 'management' });
      expect(container.port).toContainEqual({ name: 'management', container_port: spec.management.port });
    });
    test('is exposed by a Service on its HTTP port', () => {
      expect(byName(json, 'kubernetes_service_v1', name).spec.port).toEqual([{ name: 'http', port: 8080, target_port: 'http' }]);
    });
  }
});

describe('specific resources', () => {
  test('data-sync is a Job that restarts on failure and has no Service', () => {
    const job = byName(json, 'kubernetes_job_v1', 'data-sync');
    expect(job.spec.template.spec.restart_policy).toBe('OnFailure');
    expect(Object.values(json.resource.kubernetes_service_v1).some((s: any) => s.metadata.name === 'data-sync')).toBe(false);
  });
  test('license is not deployed in 5.5.0 by default', () => {
    expect(stack.platform.services.has('license')).toBe(false);
  });
  test('the admin MAINIDENTITY secret reads the admin service-account Secret', () => {
    const e = envMap(containerOf(json, 'admin')).get('SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_MAINIDENTITY_CLIENT_SECRET');
    expect(e.value_from.secret_key_ref).toEqual({ name: SecretNames.clientSecret('admin').secretName, key: 'client-secret' });
  });
  test('the Keycloak URL is the keycloak_url Terraform variable, not a literal', () => {
    expect(envMap(containerOf(json, 'admin')).get('SECURITY_OAUTH2_BASE_SERVER_URL').value).toBe('${var.keycloak_url}');
    expect(json.variable?.keycloak_url.default).toBe('http://keycloak:8080');
  });
  test('construct ids derive from service names', () => {
    const ids = Object.keys(json.resource.kubernetes_deployment_v1);
    for (const n of running.filter((s) => CATALOG[s].kind === 'deployment')) {
      expect(ids.some((id) => id.startsWith(`flowx_${n}_deployment_`))).toBe(true);
    }
  });
  test('rollout waiting is on by default', () => {
    expect(byName(json, 'kubernetes_deployment_v1', 'admin').wait_for_rollout).toBe(true);
  });
});

describe('overrides', () => {
  const custom = synthEnvironment({
    name: 'custom',
    platformVersion: '5.5.0',
    images: { registry: 'mirror.local:5000', repositoryPrefix: 'fx', pullSecrets: ['pull'] },
    workloads: { waitForRollout: false },
    services: {
      admin: { replicas: 3, env: { SECURITY_OAUTH2_BASE_SERVER_URL: 'https://kc.public', EXTRA: 'on' } },
      'cms-core': { enabled: false },
      license: { enabled: true, image: { tag: '10.36.0' } },
      'process-engine': { image: { repository: 'other/engine', tag: 'patched' } },
    },
  }).json;

  test('the image registry and prefix are one setting each', () => {
    expect(containerOf(custom, 'events-gateway').image).toBe('mirror.local:5000/fx/events-gateway:10.27.0');
    expect(byName(custom, 'kubernetes_deployment_v1', 'admin').spec.template.spec.image_pull_secrets).toEqual([{ name: 'pull' }]);
  });
  test('a per-service image wins', () => expect(containerOf(custom, 'process-engine').image).toBe('other/engine:patched'));
  test('replicas and rollout waiting', () => {
    const admin = byName(custom, 'kubernetes_deployment_v1', 'admin');
    expect(admin.spec.replicas).toBe('3');
    expect(admin.wait_for_rollout).toBe(false);
  });
  test('an env override replaces the contract variable in place and extra ones append', () => {
    const names = containerOf(custom, 'admin').env.map((e: any) => e.name);
    const env = envMap(containerOf(custom, 'admin'));
    expect(env.get('SECURITY_OAUTH2_BASE_SERVER_URL').value).toBe('https://kc.public');
    expect(names.indexOf('SECURITY_OAUTH2_BASE_SERVER_URL')).toBeLessThan(names.indexOf('SPRING_SECURITY_OAUTH2_CLIENT_PROVIDER_MAINAUTHPROVIDER_TOKEN_URI'));
    expect(names[names.length - 1]).toBe('EXTRA');
  });
  test('a service can be switched off, and license on with an image', () => {
    expect(Object.values(custom.resource.kubernetes_deployment_v1).some((d: any) => d.metadata.name === 'cms-core')).toBe(false);
    expect(containerOf(custom, 'license').image).toBe('mirror.local:5000/fx/license:10.36.0');
  });
});

describe('5.4.0', () => {
  const old = synthEnvironment({ name: 'old', platformVersion: '5.4.0' }).json;
  test('runs no organization-manager', () => {
    expect(Object.values(old.resource.kubernetes_deployment_v1).some((d: any) => d.metadata.name === 'organization-manager')).toBe(false);
  });
  test('renders the oauth2 introspection block with 5.4.0 images', () => {
    const c = containerOf(old, 'admin');
    expect(c.image).toBe('registry.flowx.ai/flowx/admin:10.38.0');
    expect(envMap(c).get('SECURITY_TYPE').value).toBe('oauth2');
    expect(envMap(c).get('SPRING_SECURITY_OAUTH2_RESOURCE_SERVER_OPAQUE_TOKEN_INTROSPECTION_URI').value).toBe(
      '$(SECURITY_OAUTH2_BASE_SERVER_URL)/realms/$(SECURITY_OAUTH2_REALM)/protocol/openid-connect/token/introspect',
    );
  });
});
