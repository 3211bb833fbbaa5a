import { canonicalSettingName, GUIDE, REMOVED_SETTINGS } from '../catalog/removed-settings';
import type { Datastore } from '../catalog/types';
import { VAR } from '../contract/environment-contract';

/** A default the 5.5 guide changed; a user who pinned the old one must act. */
export interface ChangedDefault {
  /** The guide's spelling. */
  readonly name: string;
  readonly oldDefault: string;
  readonly newDefault: string;
  readonly guide: string;
}

/** The guide's "Changed default values" table (migration-guide-5.4-to-5.5.md). */
export const CHANGED_DEFAULTS: readonly ChangedDefault[] = [
  { name: VAR.securityType, oldDefault: 'oauth2', newDefault: 'jwt-public-key', guide: GUIDE.defaults },
  {
    name: VAR.mainIdentityClientId,
    oldDefault: '${security.oauth2.service-account.admin.client-id}',
    newDefault: 'flowx-${spring.application.name}-sa',
    guide: GUIDE.defaults,
  },
  {
    name: VAR.mainIdentityClientSecret,
    oldDefault: '${security.oauth2.service-account.admin.client-secret}',
    newDefault: '- (the secret of the flowx-<service>-sa client)',
    guide: GUIDE.defaults,
  },
  { name: VAR.tokenUri, oldDefault: 'uses ${security.oauth2.realm}', newDefault: 'uses ${security.oauth2.sa-realm}', guide: GUIDE.defaults },
];

const CHANGED_BY_CANONICAL = new Map(CHANGED_DEFAULTS.map((c) => [canonicalSettingName(c.name), c]));

/** The changed default a name binds to, in any spelling Spring accepts. */
export function findChangedDefault(name: string): ChangedDefault | undefined {
  return CHANGED_BY_CANONICAL.get(canonicalSettingName(name));
}

/** Same property as `name` (in the guide's spelling), in any spelling Spring binds. */
export function isSetting(found: string, name: string): boolean {
  return canonicalSettingName(found) === canonicalSettingName(name);
}

/**
 * A variable that shows the installation already runs a datastore. The names are the ones the
 * contract renders first for each datastore (a test keeps them in step), plus older spellings.
 */
export const DATASTORE_SETTINGS: Readonly<Record<Datastore, readonly string[]>> = {
  postgres: ['SPRING_DATASOURCE_URL'],
  mongodb: ['SPRING_DATA_MONGODB_URI'],
  redis: ['SPRING_DATA_REDIS_HOST', 'SPRING_REDIS_HOST'],
  kafka: ['SPRING_KAFKA_BOOTSTRAPSERVERS'],
  elasticsearch: ['SPRING_ELASTICSEARCH_REST_URIS', 'SPRING_ELASTICSEARCH_URIS'],
  spicedb: ['FLOWX_SPICEDB_HOST'],
};

export const APPLICATION_NAME = 'SPRING_APPLICATION_NAME';

/**
 * Settings `check` looks for also as nested Spring properties (`security: { oauth2: { realm } }`)
 * outside env blocks, by canonical name.
 */
export const WATCHED_PROPERTIES: ReadonlySet<string> = new Set(
  [
    ...REMOVED_SETTINGS.map((s) => s.name),
    ...CHANGED_DEFAULTS.map((c) => c.name),
    VAR.saRealm,
    APPLICATION_NAME,
    ...Object.values(DATASTORE_SETTINGS).flat(),
  ].map(canonicalSettingName),
);
