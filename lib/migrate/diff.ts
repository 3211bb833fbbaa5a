import { canonicalSettingName, GUIDE } from '../catalog/removed-settings';
import type { ServiceName } from '../catalog/services';
import type { Release } from '../catalog/types';
import { describeEnvValue, type EnvVar } from '../contract/env-value';
import type { EnvironmentConfig } from '../config/environment-config';
import { formatProblem } from '../config/problems';
import { resolveEnvironment, validateResolved, type ResolvedService } from '../config/resolve';
import { DEFAULT_SETTINGS } from '../config/settings';
import { validateEnvironment } from '../config/validate';

export interface VariableValue {
  readonly name: string;
  /** describeEnvValue: a literal, `value (setting …)`, `secret name/key` or a `$(VAR)` template. */
  readonly value: string;
}

export interface VariableChange {
  readonly name: string;
  /** The old spelling, when an override spells the same property differently. */
  readonly fromName?: string;
  readonly from: string;
  readonly to: string;
}

export interface ServiceDiff {
  readonly service: ServiceName;
  readonly displayName: string;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Full image references; null on the side where the service does not run. */
  readonly image: { readonly from: string | null; readonly to: string | null };
  readonly added: readonly VariableValue[];
  readonly removed: readonly VariableValue[];
  readonly changed: readonly VariableChange[];
  readonly unchanged: number;
}

export interface DiffReport {
  readonly from: Release;
  readonly to: Release;
  /** The configured environment diffed, or null for the catalog defaults. */
  readonly environment: string | null;
  readonly services: readonly ServiceDiff[];
  readonly notes: readonly string[];
  /** What the stack would refuse on either side (validation of the environment at that release). */
  readonly problems: readonly string[];
}

/**
 * What changes between two releases of one environment, per service: computed from
 * `resolveEnvironment`, the same resolution (contract + overrides) the stack synthesizes.
 */
export function diffReleases(from: Release, to: Release, config?: EnvironmentConfig): DiffReport {
  const base: EnvironmentConfig = config ?? { name: 'catalog-defaults', platformVersion: from };
  const at = (release: Release) => {
    const c: EnvironmentConfig = { ...base, platformVersion: release };
    const resolved = resolveEnvironment(c, DEFAULT_SETTINGS);
    const problems = [...validateEnvironment(c), ...validateResolved(resolved)].map((p) => `${release}: ${formatProblem(p)}`);
    return { services: new Map(resolved.services.map((s) => [s.name, s])), problems };
  };
  const before = at(from);
  const after = at(to);
  const services: ServiceDiff[] = [];
  for (const [name, a] of before.services) {
    const b = after.services.get(name) as ResolvedService;
    const d = diffService(a, b);
    if (d) services.push(d);
  }
  const notes: string[] = [];
  const om = services.find((s) => s.service === 'organization-manager');
  if (om?.status === 'added') {
    notes.push(`Organization Manager is new: it needs PostgreSQL (its own database), Redis, Kafka, Keycloak and SpiceDB (${GUIDE.organizationManager}).`);
  }
  if (om?.status === 'removed') {
    notes.push(`Organization Manager's database schema changes are not reversed by a rollback: restore the database backup taken before the upgrade (${GUIDE.rollback}).`);
  }
  notes.push(
    config
      ? `Settings the environment leaves open show the catalog defaults; the Keycloak URL comes from the keycloak_url Terraform variable at synth (default ${DEFAULT_SETTINGS.keycloak.url}).`
      : `Catalog defaults (DEFAULT_SETTINGS); an environment's overrides change these values: use --environment NAME.`,
  );
  return {
    from,
    to,
    environment: config ? config.name : null,
    services,
    notes,
    problems: [...new Set([...before.problems, ...after.problems])],
  };
}

function diffService(a: ResolvedService, b: ResolvedService): ServiceDiff | undefined {
  if (!a.enabled && !b.enabled) return undefined;
  const fromEnv = a.enabled ? a.env : [];
  const toEnv = b.enabled ? b.env : [];
  const key = (v: EnvVar) => canonicalSettingName(v.name);
  const fromByKey = new Map(fromEnv.map((v) => [key(v), v]));
  const toKeys = new Set(toEnv.map(key));
  const added: VariableValue[] = [];
  const changed: VariableChange[] = [];
  let unchanged = 0;
  for (const v of toEnv) {
    const old = fromByKey.get(key(v));
    const value = describeEnvValue(v.value);
    if (!old) added.push({ name: v.name, value });
    else if (describeEnvValue(old.value) !== value || old.name !== v.name) {
      changed.push({ name: v.name, ...(old.name !== v.name ? { fromName: old.name } : {}), from: describeEnvValue(old.value), to: value });
    } else unchanged++;
  }
  const removed = fromEnv.filter((v) => !toKeys.has(key(v))).map((v) => ({ name: v.name, value: describeEnvValue(v.value) }));
  const image = { from: a.enabled ? a.image : null, to: b.enabled ? b.image : null };
  const status: ServiceDiff['status'] = !a.enabled
    ? 'added'
    : !b.enabled
      ? 'removed'
      : added.length + removed.length + changed.length > 0 || image.from !== image.to
        ? 'changed'
        : 'unchanged';
  return { service: a.name, displayName: a.spec.displayName, status, image, added, removed, changed, unchanged };
}
