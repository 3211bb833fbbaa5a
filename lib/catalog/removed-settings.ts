import { SecretNames } from './secret-names';

/** Where the 5.5 migration guide explains each change (migration-guide-5.4-to-5.5.md). */
export const GUIDE = {
  removed: 'migration guide 5.4→5.5, "Authentication mechanism change › Removed environment variables"',
  defaults: 'migration guide 5.4→5.5, "Authentication mechanism change › Changed default values"',
  clients: 'migration guide 5.4→5.5, "Update Keycloak service accounts"',
  organizationManager: 'migration guide 5.4→5.5, "New microservice: Organization Manager"',
  rollback: 'migration guide 5.4→5.5, "Rollback support"',
} as const;

export interface RemovedSetting {
  /** The spelling the guide uses. */
  readonly name: string;
  readonly description: string;
  /** What to do instead in 5.5. */
  readonly replacement: string;
  readonly guide: string;
}

const INTROSPECTION_GONE =
  'nothing: opaque-token introspection is gone in 5.5; services validate JWTs (SECURITY_TYPE=jwt-public-key) against SECURITY_OAUTH2_BASE_SERVER_URL';

/** The eight variables 5.5 removed (S1, "Removed environment variables"). */
export const REMOVED_SETTINGS: readonly RemovedSetting[] = [
  {
    name: 'SPRING_SECURITY_OAUTH2_RESOURCE_SERVER_OPAQUE_TOKEN_INTROSPECTION_URI',
    description: 'opaque-token introspection endpoint',
    replacement: INTROSPECTION_GONE,
    guide: GUIDE.removed,
  },
  {
    name: 'SPRING_SECURITY_OAUTH2_RESOURCE_SERVER_OPAQUE_TOKEN_CLIENT_ID',
    description: 'client id for opaque-token introspection',
    replacement: INTROSPECTION_GONE,
    guide: GUIDE.removed,
  },
  {
    name: 'SPRING_SECURITY_OAUTH2_RESOURCE_SERVER_OPAQUE_TOKEN_CLIENT_SECRET',
    description: 'client secret for opaque-token introspection',
    replacement: INTROSPECTION_GONE,
    guide: GUIDE.removed,
  },
  {
    name: 'SECURITY_OAUTH2_REALM',
    description: 'OAuth2 realm name',
    replacement:
      'SECURITY_OAUTH2_SA_REALM (security.oauth2.sa-realm, the service-account realm used by the token URI); set it through the platform setting `keycloak.serviceAccountRealm`',
    guide: GUIDE.removed,
  },
  {
    name: 'SECURITY_OAUTH2_CLIENT_CLIENT_ID',
    description: 'OAuth2 (introspection) client id',
    replacement: INTROSPECTION_GONE,
    guide: GUIDE.removed,
  },
  {
    name: 'SECURITY_OAUTH2_CLIENT_CLIENT_SECRET',
    description: 'OAuth2 (introspection) client secret',
    replacement: INTROSPECTION_GONE,
    guide: GUIDE.removed,
  },
  {
    name: 'SECURITY_OAUTH2_SERVICE_ACCOUNT_ADMIN_CLIENT_ID',
    description: 'service account admin client id',
    replacement:
      'SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_MAINIDENTITY_CLIENT_ID = flowx-<service>-sa (the stack renders it from the catalog)',
    guide: GUIDE.clients,
  },
  {
    name: 'SECURITY_OAUTH2_SERVICE_ACCOUNT_ADMIN_CLIENT_SECRET',
    description: 'service account admin client secret',
    replacement:
      `SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_MAINIDENTITY_CLIENT_SECRET from the Secret ${SecretNames.clientSecret('<service>').secretName}, key ${SecretNames.clientSecret('<service>').key} (the stack creates it and renders the secretKeyRef)`,
    guide: GUIDE.clients,
  },
];

/**
 * Spring's relaxed binding maps `SECURITY_OAUTH2_REALM`, `security.oauth2.realm`,
 * `SECURITY_OAUTH2REALM` and kebab-case forms to the same property; comparing names with
 * separators removed and case folded catches every spelling Spring would bind.
 */
export function canonicalSettingName(name: string): string {
  return name.replace(/\[\d+\]/g, '').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

const BY_CANONICAL = new Map(REMOVED_SETTINGS.map((s) => [canonicalSettingName(s.name), s]));

/** The removed 5.5 setting a name binds to, in any spelling, if any. */
export function findRemovedSetting(name: string): RemovedSetting | undefined {
  return BY_CANONICAL.get(canonicalSettingName(name));
}

/** SECURITY_TYPE in any spelling. */
export function isSecurityTypeSetting(name: string): boolean {
  return canonicalSettingName(name) === 'securitytype';
}
