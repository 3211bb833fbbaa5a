import { CATALOG, SERVICE_NAMES } from '../lib/catalog/services';
import { serviceAccountClientId } from '../lib/catalog/secret-names';
import { RELEASES } from '../lib/catalog/types';

const platform55 = SERVICE_NAMES.filter((n) => CATALOG[n].releases['5.5.0'].version !== undefined);
const rel55 = (n: (typeof SERVICE_NAMES)[number]) => CATALOG[n].releases['5.5.0'];

describe('the counts the 5.5 migration guide fixes', () => {
  test('19 platform services ship a 5.5.0 image', () => {
    expect(platform55).toHaveLength(19);
    expect(platform55).not.toContain('license');
  });
  test('14 of the 19 use jwt-public-key', () => {
    expect(platform55.filter((n) => rel55(n).securityType === 'jwt-public-key')).toHaveLength(14);
  });
  test('the other 5 have no inbound token security in either release', () => {
    const others = platform55.filter((n) => rel55(n).securityType !== 'jwt-public-key');
    expect(others.sort()).toEqual(['advancing-controller', 'audit-core', 'data-search', 'data-sync', 'nosql-db-runner']);
    for (const n of others) expect(CATALOG[n].releases['5.4.0'].securityType).toBe('none');
  });
  test('11 use the service-account realm in their token URI', () => {
    expect(platform55.filter((n) => rel55(n).tokenRealm === 'sa')).toHaveLength(11);
  });
  test('8 carry the MAINIDENTITY registration', () => {
    expect(platform55.filter((n) => rel55(n).mainIdentity).sort()).toEqual([
      'admin', 'email-gateway', 'integration-designer', 'organization-manager',
      'process-engine', 'runtime-manager', 'scheduler-core', 'task-management-plugin',
    ]);
  });
  test('10 service-account clients, named exactly as the guide table', () => {
    const ids = SERVICE_NAMES.filter((n) => CATALOG[n].serviceAccount).map(serviceAccountClientId);
    expect(ids.sort()).toEqual([
      'flowx-admin-sa', 'flowx-authorization-system-sa', 'flowx-email-gateway-sa', 'flowx-integration-designer-sa',
      'flowx-license-sa', 'flowx-organization-manager-sa', 'flowx-process-engine-sa', 'flowx-runtime-manager-sa',
      'flowx-scheduler-core-sa', 'flowx-task-management-plugin-sa',
    ]);
  });
  test('every MAINIDENTITY service has its own service-account client', () => {
    for (const n of platform55.filter((s) => rel55(s).mainIdentity)) expect(CATALOG[n].serviceAccount).toBeDefined();
  });
});

describe('releases', () => {
  test('organization-manager runs only from 5.5.0', () => {
    expect(CATALOG['organization-manager'].releases['5.4.0'].enabled).toBe(false);
    expect(CATALOG['organization-manager'].releases['5.5.0']).toMatchObject({ enabled: true, version: '10.19.2' });
  });
  test('license has no image in either release and is off', () => {
    for (const r of RELEASES) {
      expect(CATALOG.license.releases[r].enabled).toBe(false);
      expect(CATALOG.license.releases[r].version).toBeUndefined();
    }
  });
  test('5.4.0 runs 18 services, all oauth2 or none, tokens on the main realm', () => {
    const on = SERVICE_NAMES.filter((n) => CATALOG[n].releases['5.4.0'].enabled);
    expect(on).toHaveLength(18);
    for (const n of on) {
      const r = CATALOG[n].releases['5.4.0'];
      expect(['oauth2', 'none']).toContain(r.securityType);
      expect(['main', 'none']).toContain(r.tokenRealm);
    }
  });
  test('data-sync is a Job, every other service a Deployment', () => {
    expect(SERVICE_NAMES.filter((n) => CATALOG[n].kind === 'job')).toEqual(['data-sync']);
  });
  test('runtime-manager runs the application-manager image under its own application name', () => {
    expect(CATALOG['runtime-manager']).toMatchObject({ image: 'application-manager', applicationName: 'runtime-manager' });
  });
});

// Image versions from the facts sheet's component table (S3).
const VERSIONS: Record<string, [string | undefined, string | undefined]> = {
  'process-engine': ['10.38.0', '10.60.0'], admin: ['10.38.0', '10.53.0'], 'cms-core': ['10.22.0', '10.35.0'],
  'scheduler-core': ['10.15.0', '10.25.0'], 'events-gateway': ['10.17.0', '10.27.0'], 'notification-plugin': ['10.22.0', '10.35.0'],
  'document-plugin': ['10.23.0', '10.35.0'], 'task-management-plugin': ['10.25.0', '10.35.0'], 'data-search': ['10.14.0', '10.25.0'],
  'audit-core': ['10.21.0', '10.31.0'], 'advancing-controller': ['10.16.0', '10.27.0'], 'integration-designer': ['10.38.0', '10.63.0'],
  'application-manager': ['10.37.0', '10.53.0'], 'runtime-manager': ['10.37.0', '10.53.0'], 'data-sync': ['10.20.1', '10.31.1'],
  'authorization-system': ['10.28.0', '10.42.1'], 'nosql-db-runner': ['10.17.0', '10.27.0'], 'email-gateway': ['10.9.0', '10.24.0'],
  'organization-manager': [undefined, '10.19.2'], license: [undefined, undefined],
};

describe.each(SERVICE_NAMES)('%s', (name) => {
  const spec = CATALOG[name];
  test('image versions match the facts sheet', () => {
    expect([spec.releases['5.4.0'].version, spec.releases['5.5.0'].version]).toEqual(VERSIONS[name]);
  });
  test('states its assumptions with a reason', () => {
    expect(spec.assumptions.length).toBeGreaterThan(0);
    for (const a of spec.assumptions) expect(a.reason.length).toBeGreaterThan(20);
  });
  test('probes hit the management port', () => {
    expect(spec.probes.port).toBe(spec.management.port);
    expect(spec.probes.livenessPath).toBe(`${spec.management.basePath}/actuator/health/liveness`);
    expect(spec.probes.readinessPath).toBe(`${spec.management.basePath}/actuator/health/readiness`);
  });
  test('a PostgreSQL user either owns a database or shares one', () => {
    if (spec.datastores.includes('postgres')) expect(Boolean(spec.database) !== Boolean(spec.sharesDatabaseWith)).toBe(true);
    else expect(spec.database).toBeUndefined();
  });
});
