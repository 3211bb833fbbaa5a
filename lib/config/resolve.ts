import { CATALOG, SERVICE_NAMES, type ServiceName } from '../catalog/services';
import { canonicalSettingName } from '../catalog/removed-settings';
import type { Release, ServiceSpec } from '../catalog/types';
import { EnvValue, type EnvVar, type SecretKeyRef } from '../contract/env-value';
import { SecretNames } from '../catalog/secret-names';
import { renderContract, type ServiceFlags } from '../contract/environment-contract';
import type { EnvironmentConfig, ResourceSpec, SecretKeyInput } from './environment-config';
import type { Problem } from './problems';
import { DEFAULT_SETTINGS, type PlatformSettings } from './settings';
import { resolveDependencies, type ResolvedDependencies } from './resolve-dependencies';

export const DEFAULT_RESOURCES: Required<ResourceSpec> = {
  requests: { cpu: '250m', memory: '768Mi' },
  limits: { cpu: '1', memory: '1536Mi' },
};
export const DEFAULT_IMAGES = {
  registry: 'registry.flowx.ai',
  repositoryPrefix: 'flowx',
  pullPolicy: 'IfNotPresent',
} as const;

/** One service of one environment with every default and override applied. */
export interface ResolvedService {
  readonly name: ServiceName;
  readonly spec: ServiceSpec;
  readonly enabled: boolean;
  readonly image: string;
  readonly replicas: number;
  readonly resources: Required<ResourceSpec>;
  readonly flags: ServiceFlags;
  /** The 5.x contract plus the user's additions, in container order. */
  readonly env: readonly EnvVar[];
}

export interface ResolvedEnvironment {
  readonly name: string;
  readonly release: Release;
  readonly namespace: string;
  readonly settings: PlatformSettings;
  readonly images: { readonly pullPolicy: string; readonly pullSecrets: readonly string[] };
  readonly waitForRollout: boolean;
  readonly services: readonly ResolvedService[];
  readonly dependencies: ResolvedDependencies;
}

/**
 * Applies defaults and overrides to a validated configuration. `base` carries the settings
 * the configuration leaves open (the stack passes Terraform variables there).
 */
export function resolveEnvironment(config: EnvironmentConfig, base: PlatformSettings = DEFAULT_SETTINGS): ResolvedEnvironment {
  const release = config.platformVersion;
  const settings = resolveSettings(config, base);
  const registry = config.images?.registry ?? DEFAULT_IMAGES.registry;
  const prefix = config.images?.repositoryPrefix ?? DEFAULT_IMAGES.repositoryPrefix;
  const services = SERVICE_NAMES.map((name): ResolvedService => {
    const spec = CATALOG[name];
    const o = config.services?.[name] ?? {};
    const catalogRelease = spec.releases[release];
    const flags: ServiceFlags = {
      securityType: o.flags?.securityType ?? catalogRelease.securityType,
      tokenRealm: o.flags?.tokenRealm ?? catalogRelease.tokenRealm,
      mainIdentity: o.flags?.mainIdentity ?? catalogRelease.mainIdentity,
    };
    const tag = o.image?.tag ?? catalogRelease.version ?? 'unreleased';
    const repository = o.image?.repository ?? [registry, prefix, spec.image].filter(Boolean).join('/');
    return {
      name,
      spec,
      enabled: o.enabled ?? catalogRelease.enabled,
      image: `${repository}:${tag}`,
      replicas: o.replicas ?? 1,
      resources: mergeResources(config.workloads?.resources, o.resources),
      flags,
      env: applyOverrides(renderContract(name, release, settings, flags), o.env ?? {}),
    };
  });
  return {
    name: config.name,
    release,
    namespace: config.namespace ?? 'flowx',
    settings,
    images: { pullPolicy: config.images?.pullPolicy ?? DEFAULT_IMAGES.pullPolicy, pullSecrets: config.images?.pullSecrets ?? [] },
    waitForRollout: config.workloads?.waitForRollout ?? true,
    services,
    dependencies: resolveDependencies(
      config,
      settings,
      services.filter((s) => s.enabled && s.spec.datastores.includes('postgres')).map((s) => ({
        name: s.name,
        ...(s.spec.database ? { database: s.spec.database } : {}),
        ...(s.spec.sharesDatabaseWith ? { sharesDatabaseWith: s.spec.sharesDatabaseWith } : {}),
      })),
    ),
  };
}

/** Problems only visible once overrides meet the contract: `$(VAR)` references. */
export function validateResolved(env: ResolvedEnvironment): Problem[] {
  const problems: Problem[] = [];
  for (const svc of env.services.filter((s) => s.enabled)) {
    const before = new Set<string>();
    for (const { name, value } of svc.env) {
      if (value.kind === 'expression') {
        for (const ref of value.refs.filter((r) => !before.has(r))) {
          problems.push({
            environment: env.name,
            service: svc.name,
            setting: name,
            message: `refers to $(${ref}), which is not defined before it`,
            fix: `define ${ref} for this service, or refer to one of: ${[...before].join(', ')}`,
          });
        }
      }
      before.add(name);
    }
  }
  return problems;
}

/** Replaces contract variables the user overrides (same relaxed-binding name), appends the rest. */
function applyOverrides(contract: readonly EnvVar[], env: Readonly<Record<string, string | EnvValue>>): EnvVar[] {
  const out = [...contract];
  for (const [name, raw] of Object.entries(env)) {
    const value = typeof raw === 'string' ? EnvValue.literal(raw) : raw;
    const at = out.findIndex((e) => canonicalSettingName(e.name) === canonicalSettingName(name));
    if (at >= 0) out[at] = { name, value };
    else out.push({ name, value });
  }
  return out;
}

function resolveSettings(config: EnvironmentConfig, base: PlatformSettings): PlatformSettings {
  const d = config.datastores ?? {};
  const port = (p: number | undefined, fallback: string) => (p === undefined ? fallback : String(p));
  const ref = (s: SecretKeyInput | undefined, fallback: SecretKeyRef): SecretKeyRef => (s ? { secretName: s.name, key: s.key } : fallback);
  const passwordSecrets: Partial<Record<ServiceName, SecretKeyRef>> = { ...base.postgres.passwordSecrets };
  for (const [owner, secret] of Object.entries(d.postgres?.passwordSecrets ?? {})) {
    if (secret) passwordSecrets[owner as ServiceName] = ref(secret, SecretNames.postgresPassword(owner));
  }
  const databases: Partial<Record<ServiceName, string>> = { ...base.postgres.databases };
  for (const [name, o] of Object.entries(config.services ?? {})) if (o?.database) databases[name as ServiceName] = o.database;
  return {
    keycloak: {
      url: config.keycloak?.url ?? base.keycloak.url,
      mainRealm: config.keycloak?.mainRealm ?? base.keycloak.mainRealm,
      serviceAccountRealm: config.keycloak?.serviceAccountRealm ?? base.keycloak.serviceAccountRealm,
      introspectionClientId: config.keycloak?.introspectionClientId ?? base.keycloak.introspectionClientId,
      legacyClientIds: { ...base.keycloak.legacyClientIds, ...config.keycloak?.legacyClientIds },
    },
    postgres: { host: d.postgres?.host ?? base.postgres.host, port: port(d.postgres?.port, base.postgres.port), passwordSecrets, databases },
    redis: {
      host: d.redis?.host ?? base.redis.host,
      port: port(d.redis?.port, base.redis.port),
      passwordSecret: ref(d.redis?.passwordSecret, base.redis.passwordSecret),
    },
    kafka: {
      bootstrapServers: d.kafka?.bootstrapServers ?? base.kafka.bootstrapServers,
      securityProtocol: d.kafka?.securityProtocol ?? base.kafka.securityProtocol,
    },
    elasticsearch: { uris: d.elasticsearch?.uris ?? base.elasticsearch.uris },
    spicedb: {
      host: d.spicedb?.host ?? base.spicedb.host,
      port: port(d.spicedb?.port, base.spicedb.port),
      presharedKeySecret: ref(d.spicedb?.presharedKeySecret, base.spicedb.presharedKeySecret),
    },
  };
}

function mergeResources(...layers: (ResourceSpec | undefined)[]): Required<ResourceSpec> {
  let out: Required<ResourceSpec> = DEFAULT_RESOURCES;
  for (const l of layers) {
    if (!l) continue;
    out = { requests: { ...out.requests, ...l.requests }, limits: { ...out.limits, ...l.limits } };
  }
  return out;
}
