import { adminToken, fetchJsonIfFound } from '../verify/keycloak-http';
import { kubeGet, kubeRequest, readKubeconfig, type KubeAccess } from '../verify/kube-secrets';
import type { Candidate } from './candidates';

export interface Remote {
  readonly keycloakUrl: string;
  readonly keycloakToken: string;
  readonly kube?: KubeAccess;
}

export async function connect(keycloakUrl: string, user: string, password: string, kubeconfig?: string): Promise<Remote> {
  return { keycloakUrl, keycloakToken: await adminToken(keycloakUrl, user, password), ...(kubeconfig ? { kube: readKubeconfig(kubeconfig) } : {}) };
}

/** The import id of a candidate that exists remotely, or undefined when it does not. */
export async function importIdOf(c: Candidate, r: Remote): Promise<string | undefined> {
  const l = c.lookup;
  const kc = (path: string) => fetchJsonIfFound(`${r.keycloakUrl}/admin/realms${path}`, r.keycloakToken) as Promise<any>;
  switch (l.kind) {
    case 'keycloak-realm':
      return (await kc(`/${encodeURIComponent(l.realm)}`)) ? l.realm : undefined;
    case 'keycloak-role': {
      const role = await kc(`/${encodeURIComponent(l.realm)}/roles/${encodeURIComponent(l.name)}`);
      return role?.id ? `${l.realm}/${role.id}` : undefined;
    }
    case 'keycloak-client': {
      const list = (await kc(`/${encodeURIComponent(l.realm)}/clients?clientId=${encodeURIComponent(l.clientId)}`)) as { id: string }[] | undefined;
      return list?.[0]?.id ? `${l.realm}/${list[0].id}` : undefined;
    }
    case 'kubernetes':
      return r.kube && (await kubeGet(r.kube, l.apiPath)) !== undefined ? l.importId : undefined;
    case 'helm-release':
      return r.kube ? helmReleaseImportId(r.kube, l.namespace, l.name) : undefined;
  }
}

interface HelmRecord {
  readonly metadata: { readonly name: string; readonly labels: Record<string, string> };
}

/**
 * A release the interrupted apply installed. One still `pending-install` holds Helm's lock and
 * cannot be upgraded: its records are removed instead, so the next apply installs it again
 * (Helm takes over the objects the first attempt created; they carry its release annotations).
 */
async function helmReleaseImportId(kube: KubeAccess, namespace: string, name: string): Promise<string | undefined> {
  const base = `/api/v1/namespaces/${namespace}/secrets`;
  const list = (await kubeGet(kube, `${base}?labelSelector=owner%3Dhelm,name%3D${encodeURIComponent(name)}`)) as { items?: HelmRecord[] } | undefined;
  const records = list?.items ?? [];
  if (records.length === 0) return undefined;
  if (records.some((x) => x.metadata.labels.status === 'deployed')) return `${namespace}/${name}`;
  for (const x of records) await kubeRequest(kube, 'DELETE', `${base}/${x.metadata.name}`);
  return undefined;
}
