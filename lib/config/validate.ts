import { Token } from 'cdktf';
import { CATALOG, isServiceName, SERVICE_NAMES, type ServiceName } from '../catalog/services';
import { canonicalSettingName, findRemovedSetting, GUIDE, isSecurityTypeSetting } from '../catalog/removed-settings';
import { RELEASES, type Release } from '../catalog/types';
import { EnvValue } from '../contract/env-value';
import type { EnvironmentConfig, ServiceOverrides } from './environment-config';
import type { Problem } from './problems';
import { validateDatastores } from './validate-datastores';
import { validateServiceAccounts } from '../constructs/service-account-validation';
import { ENVIRONMENT_SHAPE, SERVICE_OVERRIDES_SHAPE, unknownKeys, type Shape } from './shape';

/** Names whose value is a credential: such a variable may only come from a Secret. */
const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|CREDENTIAL|PRIVATE_?KEY|API_?KEY|PRESHARED_?KEY|ACCESS_?KEY)/i;
const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.\-[\]]*$/;

/**
 * Every problem of one environment's configuration, all at once. Pure: it reads only the
 * configuration, so `validateEnvironment` runs before any construct exists.
 */
export function validateEnvironment(config: EnvironmentConfig): Problem[] {
  const env = typeof config?.name === 'string' && config.name ? config.name : '(unnamed environment)';
  const problems: Problem[] = [];
  const add = (p: Omit<Problem, 'environment'>) => problems.push({ environment: env, ...p });

  for (const path of unknownKeys(config, ENVIRONMENT_SHAPE, '')) {
    add({ setting: path, message: 'unknown setting', fix: `remove it or use one of: ${siblings(ENVIRONMENT_SHAPE, path)}` });
  }
  if (typeof config.name !== 'string' || !K8S_NAME.test(config.name)) {
    add({ setting: 'name', message: `"${String(config.name)}" is not a valid environment name`, fix: 'use lower-case letters, digits and dashes (it names the stack)' });
  }
  const release = config.platformVersion;
  const knownRelease = (RELEASES as readonly string[]).includes(release);
  if (!knownRelease) {
    add({
      setting: 'platformVersion',
      message: `version "${String(release)}" is not in the catalog`,
      fix: `use one of ${RELEASES.join(', ')}`,
    });
  }
  if (config.upgrade !== undefined && !(RELEASES as readonly string[]).includes(config.upgrade.from)) {
    add({ setting: 'upgrade.from', message: `version "${String(config.upgrade.from)}" is not in the catalog`, fix: `use one of ${RELEASES.join(', ')}` });
  }
  if (config.namespace !== undefined && !K8S_NAME.test(config.namespace)) {
    add({ setting: 'namespace', message: `"${config.namespace}" is not a valid Kubernetes namespace`, fix: 'use a DNS label' });
  }
  checkUrl(config.keycloak?.url, 'keycloak.url', add);
  for (const uri of splitList(config.datastores?.elasticsearch?.uris)) checkUrl(uri, 'datastores.elasticsearch.uris', add);
  validateDatastores(config, add);
  for (const [store, settings] of Object.entries(config.datastores ?? {})) {
    const port = (settings as { port?: unknown }).port;
    if (port !== undefined && !Token.isUnresolved(port) && !(Number.isInteger(port) && (port as number) > 0 && (port as number) < 65536)) {
      add({ setting: `datastores.${store}.port`, message: `port ${String(port)} is out of range`, fix: 'give an integer from 1 to 65535' });
    }
  }
  const kc = config.keycloak ?? {};
  if (knownRelease) {
    problems.push(
      ...validateServiceAccounts(
        env,
        {
          release,
          ...(kc.serviceAccountRealm ? { serviceAccountRealm: kc.serviceAccountRealm } : {}),
          ...(kc.mainRealm ? { mainRealm: kc.mainRealm } : {}),
          ...(release === '5.4.0' && kc.legacyClientIds ? { clientIds: kc.legacyClientIds } : {}),
          ...(kc.rotation ? { rotation: kc.rotation } : {}),
          ...(kc.serviceAccountRoles ? { roles: kc.serviceAccountRoles } : {}),
        },
        'keycloak.',
        { clientIds: 'legacyClientIds', roles: 'serviceAccountRoles' },
      ),
    );
  }
  if (kc.mainRealmMode !== undefined && !['unmanaged', 'existing', 'managed'].includes(kc.mainRealmMode)) {
    add({ setting: 'keycloak.mainRealmMode', message: `unknown mode "${String(kc.mainRealmMode)}"`, fix: 'use unmanaged, existing or managed' });
  }
  // On 5.4 the service-account rules above check legacyClientIds; on 5.5 they are only kept for a rollback.
  for (const svc of release === '5.4.0' ? [] : Object.keys(kc.legacyClientIds ?? {})) {
    if (!isServiceName(svc)) add({ setting: `keycloak.legacyClientIds.${svc}`, message: `unknown service "${svc}"`, fix: `use one of: ${SERVICE_NAMES.join(', ')}` });
  }
  const pulls = config.images?.pullSecrets ?? [];
  const dupPull = pulls.filter((s, i) => pulls.indexOf(s) !== i);
  for (const d of new Set(dupPull)) add({ setting: 'images.pullSecrets', message: `"${d}" is listed twice`, fix: 'list each pull Secret once' });

  for (const [name, overrides] of Object.entries(config.services ?? {})) {
    if (!isServiceName(name)) {
      add({ service: name, setting: `services.${name}`, message: 'unknown service', fix: `use one of: ${SERVICE_NAMES.join(', ')}` });
      continue;
    }
    if (overrides) problems.push(...validateService(env, name, knownRelease ? release : undefined, overrides));
  }
  return problems;
}

/** Problems of several environments, plus names used twice. */
export function validateEnvironments(configs: readonly EnvironmentConfig[]): Problem[] {
  const problems = configs.flatMap(validateEnvironment);
  const names = configs.map((c) => c.name);
  for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) {
    problems.push({ environment: name, setting: 'name', message: 'two environments share this name', fix: 'give each environment its own name' });
  }
  return problems;
}

function validateService(environment: string, service: ServiceName, release: Release | undefined, o: ServiceOverrides): Problem[] {
  const problems: Problem[] = [];
  const add = (p: Omit<Problem, 'environment' | 'service'>) => problems.push({ environment, service, ...p });
  const base = `services.${service}`;
  for (const path of unknownKeys(o, SERVICE_OVERRIDES_SHAPE, '')) {
    add({ setting: `${base}.${path}`, message: 'unknown setting', fix: `remove it or use one of: ${siblings(SERVICE_OVERRIDES_SHAPE, path)}` });
  }
  if (o.replicas !== undefined && !(Number.isInteger(o.replicas) && o.replicas >= 0)) {
    add({ setting: `${base}.replicas`, message: `${String(o.replicas)} is not a replica count`, fix: 'give a whole number, 0 or more' });
  }
  const spec = CATALOG[service];
  if (release) {
    const shipped = spec.releases[release].version !== undefined;
    if (o.enabled === true && !shipped && !o.image?.tag) {
      add({
        setting: `${base}.enabled`,
        message: `FlowX ships no ${service} image for ${release}`,
        fix: `set ${base}.image.tag to an image you have, or leave it disabled`,
      });
    }
  }
  const flags = o.flags ?? {};
  if (flags.securityType !== undefined && !['oauth2', 'jwt-public-key', 'none'].includes(flags.securityType)) {
    add({ setting: `${base}.flags.securityType`, message: `unknown security type "${String(flags.securityType)}"`, fix: 'use jwt-public-key, oauth2 (5.4 only) or none' });
  }
  if (flags.tokenRealm !== undefined && !['main', 'sa', 'none'].includes(flags.tokenRealm)) {
    add({ setting: `${base}.flags.tokenRealm`, message: `unknown token realm "${String(flags.tokenRealm)}"`, fix: 'use sa, main (5.4 only) or none' });
  }
  if (release === '5.5.0') {
    if (flags.securityType === 'oauth2') {
      add({
        setting: `${base}.flags.securityType`,
        message: 'oauth2 (opaque-token introspection) was removed in 5.5',
        fix: `use jwt-public-key (${GUIDE.defaults})`,
      });
    }
    if (flags.tokenRealm === 'main') {
      add({
        setting: `${base}.flags.tokenRealm`,
        message: 'a main-realm token URI needs SECURITY_OAUTH2_REALM, removed in 5.5',
        fix: `use sa: the token URI moves to the service-account realm (${GUIDE.defaults})`,
      });
    }
    if (flags.mainIdentity === true && !spec.serviceAccount) {
      add({
        setting: `${base}.flags.mainIdentity`,
        message: `${service} has no service-account client in the catalog`,
        fix: 'leave mainIdentity off for this service',
      });
    }
  }
  problems.push(...validateEnvOverrides(environment, service, release, o.env ?? {}));
  return problems;
}

function validateEnvOverrides(
  environment: string,
  service: ServiceName,
  release: Release | undefined,
  env: Readonly<Record<string, string | EnvValue>>,
): Problem[] {
  const problems: Problem[] = [];
  const add = (setting: string, message: string, fix: string) => problems.push({ environment, service, setting, message, fix });
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    if (!ENV_NAME.test(name)) add(name, 'is not a valid environment variable name', 'use letters, digits and underscores');
    const canonical = canonicalSettingName(name);
    const twin = seen.get(canonical);
    if (twin !== undefined) add(name, `binds to the same property as ${twin}`, 'keep one spelling');
    seen.set(canonical, name);
    if (typeof value !== 'string' && !EnvValue.isEnvValue(value)) {
      add(name, 'value is neither a string nor an EnvValue', 'give a string, or EnvValue.fromSecret(secret, key) for a credential');
      continue;
    }
    if (release === '5.5.0') {
      const removed = findRemovedSetting(name);
      if (removed) {
        add(name, `was removed in 5.5 (${removed.description}; the guide spells it ${removed.name})`, `${removed.replacement} (${removed.guide})`);
      }
      const literal = typeof value === 'string' ? value : value.kind === 'literal' || value.kind === 'setting' ? value.value : undefined;
      if (isSecurityTypeSetting(name) && literal?.trim().toLowerCase() === 'oauth2') {
        add(name, 'SECURITY_TYPE=oauth2 (opaque-token introspection) was removed in 5.5', `remove it or set jwt-public-key (${GUIDE.defaults})`);
      }
    }
    const literal = typeof value === 'string' || value.kind === 'literal' || value.kind === 'setting';
    if (SECRET_NAME.test(name) && literal) {
      add(name, 'looks like a credential but is given as a literal value', `put it in a Kubernetes Secret and pass EnvValue.fromSecret(secretName, key)`);
    }
  }
  return problems;
}

function checkUrl(value: unknown, setting: string, add: (p: Omit<Problem, 'environment'>) => void): void {
  if (value === undefined || (typeof value === 'string' && Token.isUnresolved(value))) return;
  let ok = false;
  if (typeof value === 'string') {
    try {
      const u = new URL(value);
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch {
      ok = false;
    }
  }
  if (!ok) add({ setting, message: `"${String(value)}" is not an http(s) URL`, fix: 'give an absolute URL such as https://keycloak.example.com' });
}

function splitList(value: string | undefined): string[] {
  if (value === undefined || Token.isUnresolved(value)) return [];
  return value.split(',').map((s) => s.trim());
}

function siblings(shape: Shape, path: string): string {
  let node: Shape = shape;
  for (const part of path.split('.').slice(0, -1)) {
    if (node === true || node === 'record') break;
    node = node[part] ?? true;
  }
  return node === true || node === 'record' ? '(none)' : Object.keys(node).join(', ');
}
