import { CATALOG, type ServiceName } from '../catalog/services';
import { resolveEnv } from '../contract/env-value';
import { VAR } from '../contract/environment-contract';
import type { ResolvedEnvironment } from '../config/resolve';
import type { ServiceAccountSpec } from '../catalog/types';
import { checkSignature, decodeJwt } from './jwt';
import { clientCredentialsToken, fetchJson } from './keycloak-http';

/** What one service account must be able to do, all derived from the rendered contract. */
export interface VerifyTarget {
  readonly service: ServiceName;
  readonly clientId: string;
  /** Exactly the token URI the service's contract renders. */
  readonly tokenUri: string;
  /** `iss` a jwt-public-key service accepts: the base URL and realm of that token URI. */
  readonly issuer: string;
  readonly roles: ServiceAccountSpec;
}

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

export interface VerifyResult {
  readonly service: ServiceName;
  readonly clientId: string;
  readonly ok: boolean;
  readonly checks: readonly Check[];
}

/** One target per service account of the release, with the client ids the stack creates. */
export function verifyTargets(
  env: ResolvedEnvironment,
  clientIdOf: (service: ServiceName) => string,
  roleOverrides: Partial<Record<ServiceName, Partial<ServiceAccountSpec>>> = {},
): VerifyTarget[] {
  const targets: VerifyTarget[] = [];
  for (const svc of env.services) {
    const account = CATALOG[svc.name].serviceAccount;
    if (!account || svc.flags.tokenRealm === 'none') continue;
    if (env.release === '5.4.0' && !svc.enabled) continue;
    const vars = resolveEnv(svc.env);
    const tokenUri = vars.get(VAR.tokenUri);
    const base = vars.get(VAR.baseUrl);
    const realm = vars.get(svc.flags.tokenRealm === 'sa' ? VAR.saRealm : VAR.realm);
    if (!tokenUri || !base || !realm) continue;
    targets.push({
      service: svc.name,
      clientId: clientIdOf(svc.name),
      tokenUri,
      issuer: `${base}/realms/${realm}`,
      roles: { ...account, ...roleOverrides[svc.name] },
    });
  }
  return targets;
}

/**
 * The seed's "deploy and verify", made executable: for every service account a
 * client_credentials token from exactly the contract's token URI, a JWT whose signature
 * verifies against the realm's JWKS, the expected `iss`, the catalog's roles, and no token
 * for a client presenting another service's secret.
 */
export async function verify(targets: readonly VerifyTarget[], secrets: ReadonlyMap<string, string>): Promise<VerifyResult[]> {
  const jwksCache = new Map<string, Promise<unknown>>();
  const results: VerifyResult[] = [];
  for (const [i, t] of targets.entries()) {
    const checks: Check[] = [];
    const add = (name: string, ok: boolean, detail?: string) => checks.push({ name, ok, ...(detail ? { detail } : {}) });
    const secret = secrets.get(t.clientId);
    if (secret === undefined) {
      add('credentials', false, `no secret found for ${t.clientId}`);
      results.push({ service: t.service, clientId: t.clientId, ok: false, checks });
      continue;
    }
    try {
      const res = await clientCredentialsToken(t.tokenUri, t.clientId, secret);
      add('token', res.status === 200 && !!res.accessToken, res.status === 200 ? undefined : `HTTP ${res.status} ${res.error ?? ''}`.trim());
      if (res.accessToken) {
        const jwt = decodeJwt(res.accessToken);
        const jwksUri = `${t.issuer}/protocol/openid-connect/certs`;
        if (!jwksCache.has(jwksUri)) jwksCache.set(jwksUri, fetchJson(jwksUri));
        const sigError = checkSignature(jwt, (await jwksCache.get(jwksUri)) as { keys?: [] });
        add('signature', sigError === undefined, sigError);
        add('issuer', jwt.payload.iss === t.issuer, jwt.payload.iss === t.issuer ? undefined : `iss is ${String(jwt.payload.iss)}, expected ${t.issuer}`);
        add('client', jwt.payload.azp === t.clientId, jwt.payload.azp === t.clientId ? undefined : `azp is ${String(jwt.payload.azp)}`);
        const missing = missingRoles(jwt.payload, t.roles);
        add('roles', missing.length === 0, missing.length ? `missing ${missing.join(', ')}` : undefined);
      }
      // Isolation: this client id with a neighbour's secret must be refused.
      const other = targets.map((x) => secrets.get(x.clientId)).find((s, j) => j !== i && s !== undefined && s !== secret);
      if (other !== undefined) {
        const wrong = await clientCredentialsToken(t.tokenUri, t.clientId, other);
        add('isolation', wrong.status >= 400 && !wrong.accessToken, wrong.accessToken ? "accepted another service's secret" : undefined);
      }
    } catch (e) {
      add('reachable', false, e instanceof Error ? e.message : String(e));
    }
    results.push({ service: t.service, clientId: t.clientId, ok: checks.every((c) => c.ok), checks });
  }
  return results;
}

/** Realm roles appear in `roles` when the catalog maps them there, else in realm_access. */
function missingRoles(payload: Record<string, unknown>, roles: ServiceAccountSpec): string[] {
  const claim = (roles.rolesClaim ? payload.roles : (payload.realm_access as { roles?: unknown } | undefined)?.roles) as unknown;
  const realm = new Set(Array.isArray(claim) ? (claim as string[]) : []);
  const rm = new Set(((payload.resource_access as Record<string, { roles?: string[] }> | undefined)?.['realm-management']?.roles ?? []));
  return [
    ...roles.realmRoles.filter((r) => !realm.has(r)),
    ...roles.realmManagementRoles.filter((r) => !rm.has(r)).map((r) => `realm-management/${r}`),
  ];
}

/** One line per service; never a secret or a token. */
export function formatResults(results: readonly VerifyResult[]): string {
  const lines = results.map((r) => {
    const failed = r.checks.filter((c) => !c.ok);
    const checks = r.checks.map((c) => `${c.name} ${c.ok ? 'ok' : 'FAILED'}`).join(', ');
    return `${r.ok ? 'PASS' : 'FAIL'}  ${r.service.padEnd(24)} ${r.clientId.padEnd(34)} ${checks}${failed.length ? ' — ' + failed.map((c) => `${c.name}: ${c.detail ?? 'failed'}`).join('; ') : ''}`;
  });
  const passed = results.filter((r) => r.ok).length;
  lines.push(`${passed} passed, ${results.length - passed} failed`);
  return lines.join('\n');
}
