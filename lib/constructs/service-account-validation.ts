import { Token } from 'cdktf';
import { CATALOG, isServiceName, SERVICE_NAMES, type ServiceName } from '../catalog/services';
import { serviceAccountClientId } from '../catalog/secret-names';
import type { Release, ServiceAccountSpec } from '../catalog/types';
import type { Problem } from '../config/problems';

/** The services the catalog gives a Keycloak service-account client, in catalog order. */
export const SERVICE_ACCOUNT_SERVICES: readonly ServiceName[] = SERVICE_NAMES.filter((s) => CATALOG[s].serviceAccount !== undefined);

/**
 * Roles of Keycloak's built-in `realm-management` client. A name outside this list would
 * only fail at apply time, when the role lookup finds nothing.
 */
export const REALM_MANAGEMENT_ROLES: readonly string[] = [
  'create-client', 'impersonation', 'manage-authorization', 'manage-clients', 'manage-events',
  'manage-identity-providers', 'manage-realm', 'manage-users', 'query-clients', 'query-groups',
  'query-realms', 'query-users', 'realm-admin', 'view-authorization', 'view-clients', 'view-events',
  'view-identity-providers', 'view-realm', 'view-users',
];

/**
 * The service-account part of a configuration. Keys are plain strings on purpose: configs
 * reach us from JSON or JavaScript too, and an unknown service name must be reported.
 */
export interface ServiceAccountSettings {
  readonly release: Release;
  /** Name of the service-account realm (a Terraform token is not compared). */
  readonly serviceAccountRealm?: string;
  /** Name of the main (user) realm. */
  readonly mainRealm?: string;
  /** @default SERVICE_ACCOUNT_SERVICES */
  readonly services?: readonly string[];
  /** Client ids replacing `flowx-<service>-sa` (5.4 and rollback only). */
  readonly clientIds?: Readonly<Record<string, string | undefined>>;
  /** Replacements of the catalog's role lists, per service. */
  readonly roles?: Readonly<Record<string, Partial<ServiceAccountSpec> | undefined>>;
  /** Secret version per service; raising it rotates the secret. */
  readonly rotation?: Readonly<Record<string, number | undefined>>;
}

/**
 * Every problem of the service-account settings, all at once. Pure, so the platform can
 * report these together with the rest of an environment's problems before building anything.
 * `prefix` is prepended to setting paths (for example `keycloak.`).
 */
export function validateServiceAccounts(
  environment: string,
  s: ServiceAccountSettings,
  prefix = '',
  /** The names these settings carry in the caller's configuration, when they differ. */
  keys: { readonly clientIds?: string; readonly roles?: string } = {},
): Problem[] {
  const clientIdsKey = keys.clientIds ?? 'clientIds';
  const rolesKey = keys.roles ?? 'roles';
  const problems: Problem[] = [];
  const add = (p: Omit<Problem, 'environment'>) => problems.push({ environment, ...p });
  const is55 = s.release !== '5.4.0';

  const unknown = (setting: string, name: string) =>
    add({ service: name, setting: `${prefix}${setting}.${name}`, message: `unknown service "${name}"`, fix: `use one of: ${SERVICE_ACCOUNT_SERVICES.join(', ')}` });
  const withoutAccount = (setting: string, name: string) =>
    add({
      service: name,
      setting: `${prefix}${setting}.${name}`,
      message: `"${name}" has no Keycloak service account in the catalog`,
      fix: `remove it; service accounts exist for: ${SERVICE_ACCOUNT_SERVICES.join(', ')}`,
    });
  /** Known service with a service account, else reports why not. */
  const check = (setting: string, name: string): name is ServiceName => {
    if (!isServiceName(name)) unknown(setting, name);
    else if (!CATALOG[name].serviceAccount) withoutAccount(setting, name);
    else return true;
    return false;
  };

  const services = (s.services ?? SERVICE_ACCOUNT_SERVICES).filter((name) => check('services', name));
  for (const name of Object.keys(s.clientIds ?? {})) check(clientIdsKey, name);
  for (const name of Object.keys(s.rotation ?? {})) check('rotation', name);

  for (const [name, roles] of Object.entries(s.roles ?? {})) {
    if (!check(rolesKey, name) || !roles) continue;
    for (const role of roles.realmManagementRoles ?? []) {
      if (!REALM_MANAGEMENT_ROLES.includes(role)) {
        add({
          service: name,
          setting: `${prefix}${rolesKey}.${name}.realmManagementRoles`,
          message: `"${role}" is not a role of Keycloak's realm-management client`,
          fix: `use one of: ${REALM_MANAGEMENT_ROLES.join(', ')}`,
        });
      }
    }
    for (const role of roles.realmRoles ?? []) {
      if (!role.trim()) add({ service: name, setting: `${prefix}${rolesKey}.${name}.realmRoles`, message: 'a realm role name is empty', fix: 'name the role' });
    }
  }

  for (const [name, version] of Object.entries(s.rotation ?? {})) {
    if (version !== undefined && !Token.isUnresolved(version) && !(Number.isInteger(version) && version >= 1)) {
      add({ service: name, setting: `${prefix}rotation.${name}`, message: `rotation ${String(version)} is not a positive integer`, fix: 'give 1 or more; raise it by one to rotate the secret' });
    }
  }

  // Client ids: a 5.5 service reads the literal flowx-<service>-sa (MAINIDENTITY), so an override
  // there would create a client nobody asks for a token with.
  const byClientId = new Map<string, string[]>();
  for (const name of services) {
    const override = s.clientIds?.[name];
    const clientId = override ?? serviceAccountClientId(name);
    if (Token.isUnresolved(clientId)) continue;
    if (is55 && override !== undefined && override !== serviceAccountClientId(name)) {
      add({
        service: name,
        setting: `${prefix}${clientIdsKey}.${name}`,
        message: `client id "${override}" breaks the 5.5 pattern flowx-<service>-sa`,
        fix: `use "${serviceAccountClientId(name)}" or remove the override; legacy ids belong to 5.4 (migration guide, "Update Keycloak service accounts")`,
      });
    }
    byClientId.set(clientId, [...(byClientId.get(clientId) ?? []), name]);
  }
  for (const [clientId, owners] of byClientId) {
    if (owners.length > 1) {
      add({
        setting: `${prefix}${clientIdsKey}`,
        message: `client id "${clientId}" is used by ${owners.join(' and ')}`,
        fix: 'give every service its own client id',
      });
    }
  }

  const sa = s.serviceAccountRealm;
  const main = s.mainRealm;
  if (is55 && sa && main && !Token.isUnresolved(sa) && !Token.isUnresolved(main) && sa === main) {
    add({
      setting: `${prefix}serviceAccountRealm`,
      message: `the service-account realm equals the main realm "${main}"`,
      fix: '5.5 keeps service accounts in a realm of their own (security.oauth2.sa-realm); choose another name',
    });
  }
  return problems;
}
