/**
 * What a plan wants to create that may already exist remotely: the orphans of an interrupted
 * apply (created by the provider, never recorded in the state). Pure: works on `terraform show -json`.
 */

export type Lookup =
  | { readonly kind: 'keycloak-realm'; readonly realm: string }
  | { readonly kind: 'keycloak-role'; readonly realm: string; readonly name: string }
  | { readonly kind: 'keycloak-client'; readonly realm: string; readonly clientId: string }
  | { readonly kind: 'kubernetes'; readonly apiPath: string; readonly importId: string }
  | { readonly kind: 'helm-release'; readonly namespace: string; readonly name: string };

export interface Candidate {
  readonly address: string;
  readonly type: string;
  readonly lookup: Lookup;
}

interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly change: { readonly actions: readonly string[]; readonly after?: Record<string, any> | null };
}

/** Kubernetes resource types and the API collection their objects live in. */
const KUBE: Record<string, { readonly path: (ns: string, name: string) => string; readonly namespaced: boolean }> = {
  kubernetes_namespace_v1: { path: (_ns, n) => `/api/v1/namespaces/${n}`, namespaced: false },
  kubernetes_secret_v1: { path: (ns, n) => `/api/v1/namespaces/${ns}/secrets/${n}`, namespaced: true },
  kubernetes_service_v1: { path: (ns, n) => `/api/v1/namespaces/${ns}/services/${n}`, namespaced: true },
  kubernetes_deployment_v1: { path: (ns, n) => `/apis/apps/v1/namespaces/${ns}/deployments/${n}`, namespaced: true },
  kubernetes_job_v1: { path: (ns, n) => `/apis/batch/v1/namespaces/${ns}/jobs/${n}`, namespaced: true },
};

export function adoptionCandidates(plan: { resource_changes?: readonly ResourceChange[] }): Candidate[] {
  const out: Candidate[] = [];
  for (const rc of plan.resource_changes ?? []) {
    const actions = rc.change.actions;
    if (actions.length !== 1 || actions[0] !== 'create' || !rc.change.after) continue;
    const a = rc.change.after;
    const lookup = lookupFor(rc.type, a);
    if (lookup) out.push({ address: rc.address, type: rc.type, lookup });
  }
  return out;
}

function lookupFor(type: string, a: Record<string, any>): Lookup | undefined {
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  switch (type) {
    case 'keycloak_realm':
      return str(a.realm) ? { kind: 'keycloak-realm', realm: a.realm } : undefined;
    case 'keycloak_role':
      // Realm roles only: the stack creates no client roles.
      return str(a.realm_id) && str(a.name) && !a.client_id ? { kind: 'keycloak-role', realm: a.realm_id, name: a.name } : undefined;
    case 'keycloak_openid_client':
      return str(a.realm_id) && str(a.client_id) ? { kind: 'keycloak-client', realm: a.realm_id, clientId: a.client_id } : undefined;
    case 'helm_release':
      return str(a.name) ? { kind: 'helm-release', namespace: str(a.namespace) ?? 'default', name: a.name } : undefined;
  }
  const kube = KUBE[type];
  const meta = Array.isArray(a.metadata) ? a.metadata[0] : undefined;
  const name = str(meta?.name);
  if (!kube || !name) return undefined;
  if (!kube.namespaced) return { kind: 'kubernetes', apiPath: kube.path('', name), importId: name };
  const ns = str(meta?.namespace);
  return ns ? { kind: 'kubernetes', apiPath: kube.path(ns, name), importId: `${ns}/${name}` } : undefined;
}

/**
 * Write-only values are sent only when a resource is created (or its version changes). A Secret
 * the plan creates while the client it is bound to already exists would get a fresh value the
 * client never saw: those clients must be re-created too (tainted) so both take one value.
 */
export function clientsToRecreate(
  plan: { resource_changes?: readonly ResourceChange[] },
  stack: { resource?: Record<string, Record<string, { lifecycle?: { replace_triggered_by?: string[] } }>> },
): string[] {
  const creates = new Set((plan.resource_changes ?? []).filter((rc) => rc.change.actions.includes('create')).map((rc) => rc.address));
  const out = new Set<string>();
  for (const address of creates) {
    const [type, name] = address.split('.') as [string, string];
    for (const bound of stack.resource?.[type]?.[name]?.lifecycle?.replace_triggered_by ?? []) {
      if (bound.startsWith('keycloak_openid_client.') && !creates.has(bound)) out.add(bound);
    }
  }
  return [...out].sort();
}
