import { Testing, TerraformStack, TerraformVariable } from 'cdktf';
import { KeycloakProvider } from '@cdktf-providers/keycloak/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { ServiceAccountClients, type ServiceAccountClientsProps } from '../../lib/constructs/service-account-clients';
import { ServiceAccountRealm, type ServiceAccountRealmProps } from '../../lib/constructs/service-account-realm';

export interface KeycloakFixture {
  readonly stack: TerraformStack;
  readonly realm: ServiceAccountRealm;
  readonly clients: ServiceAccountClients;
}

/**
 * A stack with the providers wired the way the platform stack wires them (credentials from
 * variables, the password sensitive and without default), the SA realm and the clients.
 */
export function keycloakStack(
  clients: Partial<ServiceAccountClientsProps> = {},
  realm: Partial<ServiceAccountRealmProps> = {},
): KeycloakFixture {
  const stack = new TerraformStack(Testing.app(), 'test');
  const url = new TerraformVariable(stack, 'keycloak_admin_url', { type: 'string' });
  const user = new TerraformVariable(stack, 'keycloak_admin_username', { type: 'string', default: 'admin' });
  const password = new TerraformVariable(stack, 'keycloak_admin_password', { type: 'string', sensitive: true });
  new KeycloakProvider(stack, 'keycloak', {
    url: url.stringValue,
    clientId: 'admin-cli',
    username: user.stringValue,
    password: password.stringValue,
  });
  new KubernetesProvider(stack, 'kubernetes', {});
  const saRealm = new ServiceAccountRealm(stack, 'sa-realm', { realmName: 'flowx-sa', ...realm });
  const saClients = new ServiceAccountClients(stack, 'sa-clients', {
    release: '5.5.0',
    realmId: saRealm.realmId,
    namespace: 'flowx',
    ...clients,
  });
  return { stack, realm: saRealm, clients: saClients };
}

/** Synthesizes with validations on (plain Testing.synth skips them). */
export function synthJson(stack: TerraformStack): SynthesizedJson {
  return JSON.parse(Testing.synth(stack, true)) as SynthesizedJson;
}

export interface SynthesizedJson {
  readonly terraform: { readonly required_providers: Record<string, { source: string; version: string }> };
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly ephemeral?: Record<string, Record<string, Record<string, unknown>>>;
  readonly variable?: Record<string, Record<string, unknown>>;
  readonly provider?: Record<string, Record<string, unknown>[]>;
  readonly [block: string]: unknown;
}

/**
 * The one block of `type` built by the construct at `path` (below the stack, `/`-separated).
 * cdktf names it `<path with _>_<8 hex>`, and Testing.synth strips the path metadata.
 */
export function byPath(blocks: Record<string, Record<string, Record<string, unknown>>> | undefined, type: string, path: string) {
  const prefix = `${path.replace(/\//g, '_')}_`;
  const found = Object.entries(blocks?.[type] ?? {}).filter(([id]) => id.startsWith(prefix) && /^[0-9A-F]{8}$/.test(id.slice(prefix.length)));
  if (found.length !== 1) throw new Error(`expected one ${type} at ${path}, found ${found.length}`);
  return { id: found[0]![0], body: found[0]![1] };
}

/** Every body of one type. */
export function all(blocks: Record<string, Record<string, Record<string, unknown>>> | undefined, type: string): Record<string, unknown>[] {
  return Object.values(blocks?.[type] ?? {});
}
