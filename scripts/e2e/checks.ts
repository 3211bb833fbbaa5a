import { CATALOG } from '../../lib/catalog/services';
import type { ResolvedEnvironment } from '../../lib/config/resolve';
import { toK8sEnv } from '../../lib/constructs/kubernetes-env';
import { adminToken, fetchJson } from '../../lib/verify/keycloak-http';
import { kubeGet, kubeRequest, readSecretKey, type KubeAccess } from '../../lib/verify/kube-secrets';
import { SecretNames } from '../../lib/catalog/secret-names';

/** What landed in the API server, compared with what the stack declares. Returns the problems. */
export async function checkCluster(kube: KubeAccess, env: ResolvedEnvironment): Promise<string[]> {
  const problems: string[] = [];
  const ns = (await kubeGet(kube, `/api/v1/namespaces/${env.namespace}`)) as any;
  if (!ns) return [`namespace ${env.namespace} is missing`];
  if (ns.metadata.labels?.['pod-security.kubernetes.io/enforce'] !== 'restricted') problems.push('namespace is not labelled for the restricted Pod Security level');

  for (const svc of env.services.filter((s) => s.enabled)) {
    const kind = svc.spec.kind === 'job' ? 'apis/batch/v1/namespaces/%s/jobs' : 'apis/apps/v1/namespaces/%s/deployments';
    const w = (await kubeGet(kube, `/${kind.replace('%s', env.namespace)}/${svc.name}`)) as any;
    if (!w) {
      problems.push(`${svc.name}: ${svc.spec.kind} missing`);
      continue;
    }
    const podSpec = w.spec.template.spec;
    const c = podSpec.containers[0];
    if (c.image !== svc.image) problems.push(`${svc.name}: image ${c.image}, expected ${svc.image}`);
    const want = JSON.stringify(toK8sEnv(svc.env).map(normalizeEnv));
    const got = JSON.stringify((c.env ?? []).map(normalizeEnv));
    if (want !== got) problems.push(`${svc.name}: env differs from the contract`);
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (!ref) continue;
      const value = await readSecretKey(kube, env.namespace, ref.name, ref.key);
      if (!value) problems.push(`${svc.name}: ${e.name} → Secret ${ref.name}/${ref.key} is missing or empty`);
    }
    const sc = c.securityContext ?? {};
    if (!(sc.runAsNonRoot && sc.allowPrivilegeEscalation === false && sc.capabilities?.drop?.includes('ALL') && sc.seccompProfile?.type === 'RuntimeDefault')) {
      problems.push(`${svc.name}: container security context is not restricted`);
    }
    if (svc.spec.kind === 'deployment') {
      if (c.livenessProbe?.httpGet?.path !== CATALOG[svc.name].probes.livenessPath) problems.push(`${svc.name}: liveness probe differs`);
      if (c.readinessProbe?.httpGet?.path !== CATALOG[svc.name].probes.readinessPath) problems.push(`${svc.name}: readiness probe differs`);
    }
  }
  const helm = (await kubeGet(kube, `/api/v1/namespaces/${env.namespace}/secrets?labelSelector=owner%3Dhelm`)) as any;
  const deployed = new Set((helm?.items ?? []).filter((s: any) => s.metadata.labels.status === 'deployed').map((s: any) => s.metadata.labels.name));
  for (const name of ['flowx-cnpg-operator', 'flowx-postgresql', 'flowx-redis', 'flowx-strimzi-operator', 'flowx-kafka', 'flowx-spicedb']) {
    if (!deployed.has(name)) problems.push(`helm release ${name} is not deployed`);
  }
  return problems;
}

/** The API server's own form of an env entry, for comparison with the contract's. */
function normalizeEnv(e: any): unknown {
  return e.valueFrom ?? e.value_from
    ? { name: e.name, secretKeyRef: { name: (e.valueFrom ?? e.value_from).secretKeyRef.name, key: (e.valueFrom ?? e.value_from).secretKeyRef.key } }
    : { name: e.name, value: e.value ?? '' };
}

/** Realm names in Keycloak. */
export async function realms(keycloakUrl: string, password: string): Promise<string[]> {
  const token = await adminToken(keycloakUrl, 'admin', password);
  return ((await fetchJson(`${keycloakUrl}/admin/realms`, token)) as { realm: string }[]).map((r) => r.realm).sort();
}

/** Waits until `probe` returns true or the time is up. */
export async function eventually(what: string, seconds: number, probe: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what}: not within ${seconds} s`);
}

/**
 * The Secrets a user provides for datastores the stack never manages (MongoDB: always external).
 * Created the way a platform team would, through the API; values are throwaway test URIs.
 */
export async function createUserSecrets(kube: KubeAccess, env: ResolvedEnvironment): Promise<number> {
  let n = 0;
  for (const svc of env.services.filter((s) => s.enabled && s.spec.datastores.includes('mongodb'))) {
    const ref = SecretNames.mongodbUri(svc.name);
    await kubeRequest(kube, 'POST', `/api/v1/namespaces/${env.namespace}/secrets`, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: ref.secretName, labels: { 'flowx.ai/e2e': 'user-provided' } },
      stringData: { [ref.key]: `mongodb://mongodb.e2e.invalid:27017/${svc.name.replace(/-/g, '_')}` },
    });
    n++;
  }
  return n;
}
