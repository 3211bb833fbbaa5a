import { adminToken, fetchJsonIfFound } from '../verify/keycloak-http';
import { kubeGet, readKubeconfig, type KubeAccess } from '../verify/kube-secrets';
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
    case 'helm-release': {
      if (!r.kube) return undefined;
      const list = (await kubeGet(r.kube, `/api/v1/namespaces/${l.namespace}/secrets?labelSelector=owner%3Dhelm,name%3D${encodeURIComponent(l.name)}`)) as { items?: unknown[] } | undefined;
      return list?.items?.length ? `${l.namespace}/${l.name}` : undefined;
    }
  }
}
