/**
 * Allowed keys of an EnvironmentConfig, for configurations that reach us untyped (JSON,
 * JavaScript, casts): a misspelt key is an error, not a silently ignored setting.
 * `true` is a leaf; `'record'` a map whose keys are checked elsewhere.
 */
export type Shape = true | 'record' | { readonly [key: string]: Shape };

const RESOURCES: Shape = {
  requests: { cpu: true, memory: true },
  limits: { cpu: true, memory: true },
};

const CHART: Shape = { repository: true, chart: true, version: true };
const SECRET_REF: Shape = { name: true, key: true };
const MANAGED = { mode: true, chart: CHART, imageRegistry: true } as const;

export const SERVICE_OVERRIDES_SHAPE: Shape = {
  enabled: true,
  database: true,
  image: { repository: true, tag: true },
  replicas: true,
  resources: RESOURCES,
  flags: { securityType: true, tokenRealm: true, mainIdentity: true },
  env: 'record',
};

export const ENVIRONMENT_SHAPE: Shape = {
  name: true,
  platformVersion: true,
  namespace: true,
  images: { registry: true, repositoryPrefix: true, pullPolicy: true, pullSecrets: true },
  keycloak: {
    url: true,
    mainRealm: true,
    serviceAccountRealm: true,
    introspectionClientId: true,
    legacyClientIds: 'record',
    mainRealmMode: true,
    tokens: { accessTokenLifespan: true },
    rotation: 'record',
    serviceAccountRoles: 'record',
  },
  datastores: {
    postgres: { ...MANAGED, host: true, port: true, operatorChart: CHART, instances: true, storageSize: true, passwordSecrets: 'record', clientImage: true },
    redis: { ...MANAGED, host: true, port: true, passwordSecret: SECRET_REF },
    kafka: { ...MANAGED, bootstrapServers: true, securityProtocol: true, operatorChart: CHART, replicas: true },
    elasticsearch: { uris: true },
    spicedb: { ...MANAGED, host: true, port: true, presharedKeySecret: SECRET_REF, datastoreSecret: SECRET_REF },
  },
  workloads: { waitForRollout: true, resources: RESOURCES },
  services: 'record',
  upgrade: { from: true, backup: true, acknowledgeNoBackup: true },
};

/** Paths (dotted) of keys the shape does not allow. */
export function unknownKeys(value: unknown, shape: Shape, path: string): string[] {
  if (shape === true || shape === 'record') return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const out: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const sub = shape[key];
    const here = path ? `${path}.${key}` : key;
    if (sub === undefined) out.push(here);
    else out.push(...unknownKeys(child, sub, here));
  }
  return out;
}

/** The allowed keys at a shape's top level, for the "did you mean" part of an error. */
export function allowedKeys(shape: Shape): string[] {
  return shape === true || shape === 'record' ? [] : Object.keys(shape);
}
