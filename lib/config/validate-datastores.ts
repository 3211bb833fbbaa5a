import { CATALOG, isServiceName, SERVICE_NAMES, type ServiceName } from '../catalog/services';
import { canonicalSettingName } from '../catalog/removed-settings';
import { SecretNames } from '../catalog/secret-names';
import { EnvValue } from '../contract/env-value';
import type { ChartSource, EnvironmentConfig, SecretKeyInput } from './environment-config';
import type { Problem } from './problems';

type Add = (p: Omit<Problem, 'environment'>) => void;
const MODES = ['managed', 'external'];
/** Keys that only make sense for one mode, per dependency. */
const EXTERNAL_ONLY: Record<string, readonly string[]> = {
  postgres: ['passwordSecrets'],
  redis: ['passwordSecret'],
  spicedb: ['presharedKeySecret'],
  kafka: [],
};
const MANAGED_ONLY: Record<string, readonly string[]> = {
  postgres: ['chart', 'operatorChart', 'imageRegistry', 'instances', 'storageSize'],
  redis: ['chart', 'imageRegistry'],
  kafka: ['chart', 'operatorChart', 'imageRegistry', 'replicas'],
  spicedb: ['chart', 'imageRegistry', 'datastoreSecret'],
};
const ENDPOINT: Record<string, string> = { postgres: 'host', redis: 'host', spicedb: 'host', kafka: 'bootstrapServers' };

/** Dependency modes, Secret references, chart pins, database ownership and the SpiceDB token. */
export function validateDatastores(config: EnvironmentConfig, add: Add): void {
  const d = (config.datastores ?? {}) as Record<string, Record<string, unknown> | undefined>;
  for (const dep of Object.keys(ENDPOINT)) {
    const c = d[dep];
    if (!c) continue;
    const base = `datastores.${dep}`;
    const mode = c.mode ?? 'managed';
    if (!MODES.includes(mode as string)) {
      add({ setting: `${base}.mode`, message: `unknown mode "${String(mode)}"`, fix: 'use managed (deployed by this stack) or external (yours)' });
      continue;
    }
    const endpoint = ENDPOINT[dep] as string;
    if (mode === 'external' && (typeof c[endpoint] !== 'string' || c[endpoint] === '')) {
      add({ setting: `${base}.${endpoint}`, message: `external ${dep} needs its ${endpoint}`, fix: `give ${base}.${endpoint}, or set ${base}.mode to managed` });
    }
    if (mode === 'managed' && c[endpoint] !== undefined) {
      add({ setting: `${base}.${endpoint}`, message: `a managed ${dep} is reached at the Service the stack creates`, fix: `remove ${endpoint}, or set ${base}.mode to external` });
    }
    const wrongMode = mode === 'managed' ? EXTERNAL_ONLY[dep] : MANAGED_ONLY[dep];
    for (const key of wrongMode ?? []) {
      if (c[key] !== undefined) add({ setting: `${base}.${key}`, message: `only applies to ${mode === 'managed' ? 'external' : 'managed'} mode`, fix: `remove it, or change ${base}.mode` });
    }
    for (const key of ['chart', 'operatorChart']) checkChart(c[key] as ChartSource | undefined, `${base}.${key}`, add);
    for (const key of ['passwordSecret', 'presharedKeySecret', 'datastoreSecret']) checkSecretRef(c[key], `${base}.${key}`, add);
    if (dep === 'postgres') {
      for (const [owner, ref] of Object.entries((c.passwordSecrets ?? {}) as Record<string, unknown>)) {
        if (!isServiceName(owner)) add({ setting: `${base}.passwordSecrets.${owner}`, message: `unknown service "${owner}"`, fix: `use one of: ${SERVICE_NAMES.join(', ')}` });
        checkSecretRef(ref, `${base}.passwordSecrets.${owner}`, add);
      }
    }
  }
  const postgresMode = d.postgres?.mode ?? 'managed';
  const spicedb = d.spicedb ?? {};
  if ((spicedb.mode ?? 'managed') === 'managed' && postgresMode === 'external' && spicedb.datastoreSecret === undefined) {
    add({
      setting: 'datastores.spicedb.datastoreSecret',
      message: 'a managed SpiceDB needs a datastore, and PostgreSQL is external',
      fix: 'give the Secret holding its postgres:// URI, or make PostgreSQL managed, or SpiceDB external',
    });
  }
  checkDatabaseOwners(config, add);
  checkSpicedbToken(config, add);
}

function checkChart(chart: ChartSource | undefined, setting: string, add: Add): void {
  if (!chart?.version) return;
  if (!/^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(chart.version)) {
    add({ setting: `${setting}.version`, message: `"${chart.version}" is not an exact version`, fix: 'pin the chart to one version such as 0.29.0' });
  }
}

function checkSecretRef(ref: unknown, setting: string, add: Add): void {
  if (ref === undefined) return;
  const r = ref as Partial<SecretKeyInput>;
  if (typeof ref !== 'object' || ref === null || typeof r.name !== 'string' || r.name === '') {
    add({ setting, message: 'a Secret reference needs the Secret name', fix: 'give { name, key } of an existing Secret in the platform namespace' });
  } else if (typeof r.key !== 'string' || r.key === '') {
    add({ setting, message: `the reference to Secret "${r.name}" has no key`, fix: 'give the key inside that Secret that holds the value' });
  }
}

/** Each database has one owning service; sharing is only what the catalog declares. */
function checkDatabaseOwners(config: EnvironmentConfig, add: Add): void {
  const owners = new Map<string, ServiceName>();
  for (const name of SERVICE_NAMES) {
    const spec = CATALOG[name];
    if (!spec.datastores.includes('postgres') || spec.sharesDatabaseWith) continue;
    const database = config.services?.[name]?.database ?? spec.database ?? name.replace(/-/g, '_');
    const other = owners.get(database);
    if (other) {
      add({
        service: name,
        setting: `services.${name}.database`,
        message: `claims database "${database}", which ${other} already owns`,
        fix: 'give each service its own database name',
      });
    } else owners.set(database, name);
  }
}

/** FLOWX_SPICEDB_TOKEN must be SpiceDB's preshared key itself, never a copy. */
function checkSpicedbToken(config: EnvironmentConfig, add: Add): void {
  const configured = config.datastores?.spicedb?.presharedKeySecret;
  const expected = configured ? { secretName: configured.name, key: configured.key } : SecretNames.spicedbPresharedKey();
  for (const [service, o] of Object.entries(config.services ?? {})) {
    for (const [name, value] of Object.entries(o?.env ?? {})) {
      if (canonicalSettingName(name) !== canonicalSettingName('FLOWX_SPICEDB_TOKEN')) continue;
      const ok = EnvValue.isEnvValue(value) && value.kind === 'secret' && value.ref.secretName === expected.secretName && value.ref.key === expected.key;
      if (!ok) {
        add({
          service,
          setting: name,
          message: 'the SpiceDB token is not the SpiceDB preshared key',
          fix: `remove the override (the contract wires ${expected.secretName}/${expected.key}), or set datastores.spicedb.presharedKeySecret`,
        });
      }
    }
  }
}
