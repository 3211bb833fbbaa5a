import { AnnotationMetadataEntryType } from 'cdktf';
import { CATALOG } from '../lib/catalog/services';
import { CHARTS } from '../lib/catalog/charts';
import type { EnvironmentConfig } from '../lib/config/environment-config';
import { byName, containerOf, envMap, synthEnvironment, type TfJson } from './helpers/platform';

const managed = synthEnvironment({ name: 'managed', platformVersion: '5.5.0' });
const json = managed.json;
const releases = (j: TfJson) => Object.entries(j.resource.helm_release ?? {}).map(([id, r]: [string, any]) => ({ id, ...r }));
const release = (j: TfJson, name: string) => {
  const r = releases(j).find((x) => x.name === name);
  if (!r) throw new Error(`no helm release ${name}`);
  return { ...r, values: JSON.parse(r.values[0]) };
};
const ref = (j: TfJson, type: string, name: string) => {
  const id = Object.entries(j.resource[type] ?? {}).find(([, r]: [string, any]) => r.metadata?.name === name || r.name === name)?.[0];
  if (!id) throw new Error(`no ${type} ${name}`);
  return `${type}.${id}`;
};
const dependsOn = (j: TfJson, type: string, name: string): string[] => byName(j, type, name).depends_on ?? [];

describe('managed PostgreSQL (CloudNativePG)', () => {
  const cluster = release(json, 'flowx-postgresql');
  const databases = cluster.values.databases.map((d: any) => d.name).sort();

  test('pinned charts from the chart catalog', () => {
    expect(release(json, 'flowx-cnpg-operator')).toMatchObject({ chart: 'cloudnative-pg', version: CHARTS.postgresOperator.version, repository: CHARTS.postgresOperator.repository });
    expect(cluster).toMatchObject({ chart: 'cluster', version: CHARTS.postgresCluster.version });
  });
  test('one database per owning service, plus spicedb', () => {
    expect(databases).toEqual(['admin', 'application_manager', 'authorization_system', 'integration_designer', 'organization_manager', 'process_engine', 'runtime_manager', 'spicedb']);
  });
  test('each database has its own login role reading its own Secret, and is retained on removal', () => {
    for (const db of cluster.values.databases) {
      expect(db).toMatchObject({ owner: db.name, ensure: 'present', databaseReclaimPolicy: 'retain' });
      const role = cluster.values.cluster.roles.find((r: any) => r.name === db.name);
      expect(role).toMatchObject({ login: true, ensure: 'present' });
      const secret = byName(json, 'kubernetes_secret_v1', role.passwordSecret.name);
      expect(secret.type).toBe('kubernetes.io/basic-auth');
      expect(secret.data_wo.username).toBe(db.name);
      expect(secret.data_wo.password).toMatch(/^\$\{ephemeral\.random_password\.[\w-]+\.result\}$/);
      expect(secret.metadata.labels['cnpg.io/reload']).toBe('true');
    }
  });
  test('the cluster waits for the operator and for its role Secrets', () => {
    expect(cluster.depends_on).toContain(`helm_release.${release(json, 'flowx-cnpg-operator').id}`);
    expect(cluster.depends_on).toContain(ref(json, 'kubernetes_secret_v1', 'flowx-organization-manager-postgres'));
  });
  test('organization-manager reads its database password from the Secret its role uses', () => {
    const env = envMap(containerOf(json, 'organization-manager'));
    expect(env.get('SPRING_DATASOURCE_URL').value).toBe('jdbc:postgresql://flowx-postgresql-rw:5432/organization_manager');
    expect(env.get('SPRING_DATASOURCE_USERNAME').value).toBe('organization_manager');
    expect(env.get('SPRING_DATASOURCE_PASSWORD').value_from.secret_key_ref).toEqual({ name: 'flowx-organization-manager-postgres', key: 'password' });
  });
});

describe('managed Redis (Valkey)', () => {
  const redis = release(json, 'flowx-redis');
  test('auth reads the Secret the services read', () => {
    expect(redis.values.auth).toEqual({ enabled: true, usersExistingSecret: 'flowx-redis', aclUsers: { default: { permissions: '~* &* +@all', passwordKey: 'password' } } });
    expect(envMap(containerOf(json, 'admin')).get('SPRING_DATA_REDIS_PASSWORD').value_from.secret_key_ref).toEqual({ name: 'flowx-redis', key: 'password' });
    expect(envMap(containerOf(json, 'admin')).get('SPRING_DATA_REDIS_HOST').value).toBe('flowx-redis');
  });
  test('the password Secret is made at apply time', () => {
    expect(byName(json, 'kubernetes_secret_v1', 'flowx-redis').data_wo.password).toMatch(/^\$\{ephemeral\.random_password\./);
  });
});

describe('managed Kafka (Strimzi)', () => {
  test('operator with the restricted pod security provider, then the cluster chart', () => {
    const op = release(json, 'flowx-strimzi-operator');
    expect(op.values.extraEnvs).toEqual([{ name: 'STRIMZI_POD_SECURITY_PROVIDER_CLASS', value: 'restricted' }]);
    expect(op.wait).toBe(true);
    const cluster = release(json, 'flowx-kafka');
    expect(cluster.depends_on).toEqual([`helm_release.${op.id}`]);
    expect(cluster.chart).toMatch(/^assets\//); // the project chart travels with the stack
  });
  test('services reach its bootstrap Service', () => {
    expect(envMap(containerOf(json, 'process-engine')).get('SPRING_KAFKA_BOOTSTRAPSERVERS').value).toBe('flowx-kafka-kafka-bootstrap:9092');
  });
});

describe('managed SpiceDB', () => {
  const spicedb = release(json, 'flowx-spicedb');
  const secret = byName(json, 'kubernetes_secret_v1', 'flowx-spicedb');

  test('one Secret holds the preshared key and the datastore URI on the spicedb role', () => {
    const rolePassword = byName(json, 'kubernetes_secret_v1', 'flowx-spicedb-postgres').data_wo.password;
    expect(secret.data_wo.preshared_key).toMatch(/^\$\{ephemeral\.random_password\./);
    expect(secret.data_wo.preshared_key).not.toBe(rolePassword);
    expect(secret.data_wo.datastore_uri).toBe(`postgres://spicedb:${rolePassword}@flowx-postgresql-rw:5432/spicedb?sslmode=disable`);
  });
  test('FLOWX_SPICEDB_TOKEN is the key SpiceDB serves with, by construction', () => {
    expect(spicedb.values.existingSecret).toEqual({ name: 'flowx-spicedb', presharedKeyKey: 'preshared_key', datastoreUriKey: 'datastore_uri' });
    for (const svc of ['organization-manager', 'authorization-system']) {
      expect(envMap(containerOf(json, svc)).get('FLOWX_SPICEDB_TOKEN').value_from.secret_key_ref).toEqual({ name: 'flowx-spicedb', key: 'preshared_key' });
      expect(envMap(containerOf(json, svc)).get('FLOWX_SPICEDB_HOST').value).toBe('flowx-spicedb');
    }
  });
  test('starts after its database exists', () => {
    expect(spicedb.depends_on).toContain(`helm_release.${release(json, 'flowx-postgresql').id}`);
  });
});

describe('ordering: one deploy brings everything up in order', () => {
  const edges = (name: string) => dependsOn(json, 'kubernetes_deployment_v1', name);
  test.each(['organization-manager', 'authorization-system'])('%s waits for PostgreSQL, Redis, Kafka and SpiceDB', (name) => {
    for (const dep of ['flowx-postgresql', 'flowx-redis', 'flowx-kafka', 'flowx-spicedb']) {
      expect(edges(name)).toContain(`helm_release.${release(json, dep).id}`);
    }
  });
  test('organization-manager waits for its client secret', () => {
    expect(edges('organization-manager')).toContain(ref(json, 'kubernetes_secret_v1', 'flowx-organization-manager-sa-credentials'));
  });
  test('a Kafka-only service waits for Kafka alone', () => {
    const e = edges('email-gateway');
    expect(e).toContain(`helm_release.${release(json, 'flowx-kafka').id}`);
    expect(e.filter((x) => x.startsWith('helm_release'))).toHaveLength(1);
  });
  test('every running service using a managed datastore depends on it', () => {
    for (const [name, spec] of Object.entries(CATALOG)) {
      if (!spec.releases['5.5.0'].enabled || spec.kind !== 'deployment') continue;
      if (spec.datastores.includes('postgres')) expect(edges(name)).toContain(`helm_release.${release(json, 'flowx-postgresql').id}`);
    }
  });
});

describe('external dependencies', () => {
  const config: EnvironmentConfig = {
    name: 'external',
    platformVersion: '5.5.0',
    datastores: {
      postgres: { mode: 'external', host: 'pg.example', port: 6432, passwordSecrets: { 'organization-manager': { name: 'om-db', key: 'pw' } } },
      redis: { mode: 'external', host: 'redis.example', passwordSecret: { name: 'redis-auth', key: 'secret' } },
      kafka: { mode: 'external', bootstrapServers: 'k1:9093' },
      spicedb: { mode: 'external', host: 'authz.example', port: 443, presharedKeySecret: { name: 'spicedb-key', key: 'k' } },
    },
  };
  const ext = synthEnvironment(config).json;
  test('nothing is deployed for them', () => {
    expect(releases(ext)).toEqual([]);
    expect(Object.values(ext.resource.kubernetes_secret_v1).map((s: any) => s.metadata.name).filter((n: string) => !n.endsWith('-sa-credentials'))).toEqual([]);
  });
  test('every variable points at the user-given endpoint or Secret', () => {
    const om = envMap(containerOf(ext, 'organization-manager'));
    expect(om.get('SPRING_DATASOURCE_URL').value).toBe('jdbc:postgresql://pg.example:6432/organization_manager');
    expect(om.get('SPRING_DATASOURCE_PASSWORD').value_from.secret_key_ref).toEqual({ name: 'om-db', key: 'pw' });
    expect(om.get('SPRING_DATA_REDIS_HOST').value).toBe('redis.example');
    expect(om.get('SPRING_DATA_REDIS_PASSWORD').value_from.secret_key_ref).toEqual({ name: 'redis-auth', key: 'secret' });
    expect(om.get('SPRING_KAFKA_BOOTSTRAPSERVERS').value).toBe('k1:9093');
    expect(om.get('FLOWX_SPICEDB_HOST').value).toBe('authz.example');
    expect(om.get('FLOWX_SPICEDB_PORT').value).toBe('443');
    expect(om.get('FLOWX_SPICEDB_TOKEN').value_from.secret_key_ref).toEqual({ name: 'spicedb-key', key: 'k' });
  });
  test('a database without a given Secret falls back to the conventional name', () => {
    expect(envMap(containerOf(ext, 'admin')).get('SPRING_DATASOURCE_PASSWORD').value_from.secret_key_ref).toEqual({ name: 'flowx-admin-postgres', key: 'password' });
  });
  test('services depend on no Helm release', () => {
    expect(dependsOn(ext, 'kubernetes_deployment_v1', 'organization-manager').filter((d) => d.startsWith('helm_release'))).toEqual([]);
  });
});

describe('mixed: managed SpiceDB on an external PostgreSQL (the production example)', () => {
  const prod = synthEnvironment({
    name: 'mixed',
    platformVersion: '5.5.0',
    images: { registry: 'mirror.local' },
    datastores: {
      postgres: { mode: 'external', host: 'pg' },
      spicedb: { mode: 'managed', imageRegistry: 'mirror.local', datastoreSecret: { name: 'spicedb-datastore', key: 'uri' } },
    },
  }).json;
  test('SpiceDB reads its datastore from the given Secret and its key from the stack-made one', () => {
    const s = release(prod, 'flowx-spicedb');
    expect(s.values.existingSecret).toEqual({ name: 'flowx-spicedb', presharedKeyKey: 'preshared_key', datastoreUriKey: 'uri', datastoreUriSecretName: 'spicedb-datastore' });
    expect(s.values.image).toEqual({ registry: 'mirror.local' });
    expect(Object.keys(byName(prod, 'kubernetes_secret_v1', 'flowx-spicedb').data_wo)).toEqual(['preshared_key']);
  });
  test('no PostgreSQL chart is installed', () => {
    expect(releases(prod).map((r) => r.name).sort()).toEqual(['flowx-kafka', 'flowx-redis', 'flowx-spicedb', 'flowx-strimzi-operator']);
  });
});

describe('5.4.0', () => {
  const old = synthEnvironment({ name: 'old', platformVersion: '5.4.0' });
  test('declares no organization_manager database', () => {
    expect(release(old.json, 'flowx-postgresql').values.databases.map((d: any) => d.name)).not.toContain('organization_manager');
  });
  test('warns that Organization Manager schema changes are not reversed', () => {
    const warnings = old.stack.platform.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data));
    expect(warnings.join('\n')).toMatch(/organization_manager.*retained.*backup/s);
  });
});

describe('databases exist before the services that use them start', () => {
  test.each(['organization-manager', 'authorization-system', 'admin', 'advancing-controller'])('%s waits for its own database with its own credentials', (name) => {
    const pod = byName(json, 'kubernetes_deployment_v1', name).spec.template.spec;
    const [gate] = pod.init_container;
    const app = envMap(pod.container[0]);
    const env = envMap(gate);
    expect(gate.name).toBe('wait-for-database');
    expect(gate.image).toBe('ghcr.io/cloudnative-pg/postgresql:16');
    const url = app.get('SPRING_DATASOURCE_URL').value as string;
    expect(url).toBe(`jdbc:postgresql://${env.get('PGHOST').value}:${env.get('PGPORT').value}/${env.get('PGDATABASE').value}`);
    expect(env.get('PGUSER').value).toBe(app.get('SPRING_DATASOURCE_USERNAME').value);
    expect(env.get('PGPASSWORD').value_from).toEqual(app.get('SPRING_DATASOURCE_PASSWORD').value_from);
    expect(gate.command.join(' ')).toContain('psql');
    expect(gate.security_context).toMatchObject({ run_as_non_root: true, allow_privilege_escalation: false, capabilities: { drop: ['ALL'] } });
  });
  test('services without PostgreSQL have no gate', () => {
    expect(byName(json, 'kubernetes_deployment_v1', 'email-gateway').spec.template.spec.init_container).toBeUndefined();
  });
  test('the gate image follows the PostgreSQL image mirror', () => {
    const mirrored = synthEnvironment({ name: 'm', platformVersion: '5.5.0', datastores: { postgres: { imageRegistry: 'mirror.local' } } }).json;
    expect(byName(mirrored, 'kubernetes_deployment_v1', 'admin').spec.template.spec.init_container[0].image).toBe('mirror.local/cloudnative-pg/postgresql:16');
  });
});

test('Valkey probes are TCP checks: the chart default (valkey-cli ping, no credentials) fails under ACL auth', () => {
  const values = release(json, 'flowx-redis').values;
  expect(values.startupProbe.customProbe.tcpSocket).toEqual({ port: 6379 });
  expect(values.livenessProbe.customProbe.tcpSocket).toEqual({ port: 6379 });
});
