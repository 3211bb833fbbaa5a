import { canonicalSettingName } from '../lib/catalog/removed-settings';
import { CATALOG, SERVICE_NAMES, type ServiceName } from '../lib/catalog/services';
import { describeEnvValue, EnvValue } from '../lib/contract/env-value';
import { renderContract, VAR } from '../lib/contract/environment-contract';
import type { EnvironmentConfig } from '../lib/config/environment-config';
import { DEFAULT_SETTINGS } from '../lib/config/settings';
import { diffReleases, type ServiceDiff } from '../lib/migrate/diff';
import { diffJson, diffMarkdown, DIFF_SCHEMA } from '../lib/migrate/diff-report';
import { productionEnvironment } from '../stacks/environments/production';

const up = diffReleases('5.4.0', '5.5.0');
const down = diffReleases('5.5.0', '5.4.0');
const svc = (d: { services: readonly ServiceDiff[] }, name: ServiceName) => d.services.find((s) => s.service === name)!;
const names = (xs: readonly { name: string }[]) => xs.map((x) => x.name);
const inBoth = SERVICE_NAMES.filter((n) => CATALOG[n].releases['5.4.0'].enabled && CATALOG[n].releases['5.5.0'].enabled);

describe('diff 5.4.0 → 5.5.0 is the contract the stack renders', () => {
  test.each(inBoth)('%s: the 5.5 side is exactly renderContract, the removed ones are what 5.4 had beyond it', (name) => {
    const d = svc(up, name);
    const before = renderContract(name, '5.4.0', DEFAULT_SETTINGS);
    const after = renderContract(name, '5.5.0', DEFAULT_SETTINGS);
    const afterNames = after.map((v) => v.name);
    expect(d.added.length + d.changed.length + d.unchanged).toBe(after.length);
    for (const a of d.added) expect(describeEnvValue(after.find((v) => v.name === a.name)!.value)).toBe(a.value);
    for (const c of d.changed) expect(afterNames).toContain(c.name);
    expect(names(d.removed)).toEqual(before.map((v) => v.name).filter((n) => !afterNames.includes(n)));
    expect(d.image).toEqual({
      from: `registry.flowx.ai/flowx/${CATALOG[name].image}:${CATALOG[name].releases['5.4.0'].version}`,
      to: `registry.flowx.ai/flowx/${CATALOG[name].image}:${CATALOG[name].releases['5.5.0'].version}`,
    });
  });

  test('SECURITY_TYPE goes from oauth2 to jwt-public-key on the jwt services only', () => {
    const switched = up.services.filter((s) => s.changed.some((c) => c.name === VAR.securityType && c.from === 'oauth2' && c.to === 'jwt-public-key'));
    expect(switched).toHaveLength(14 - 1); // organization-manager is added, not changed
    expect(svc(up, 'data-search').changed).toEqual([]);
  });
  test('process-engine: the introspection block goes, MAINIDENTITY and the sa-realm token URI come', () => {
    const pe = svc(up, 'process-engine');
    expect(names(pe.removed)).toEqual(expect.arrayContaining([VAR.realm, VAR.introspectionUri, VAR.saAdminClientId, VAR.saAdminClientSecret]));
    expect(pe.added).toEqual(
      expect.arrayContaining([
        { name: VAR.mainIdentityClientId, value: 'flowx-process-engine-sa' },
        { name: VAR.mainIdentityClientSecret, value: 'secret flowx-process-engine-sa-credentials/client-secret' },
      ]),
    );
    expect(pe.changed.find((c) => c.name === VAR.tokenUri)).toEqual({
      name: VAR.tokenUri,
      from: '$(SECURITY_OAUTH2_BASE_SERVER_URL)/realms/$(SECURITY_OAUTH2_REALM)/protocol/openid-connect/token',
      to: '$(SECURITY_OAUTH2_BASE_SERVER_URL)/realms/$(SECURITY_OAUTH2_SA_REALM)/protocol/openid-connect/token',
    });
  });
  test('Organization Manager is added with its whole contract; license (no image) is left out', () => {
    const om = svc(up, 'organization-manager');
    expect(om).toMatchObject({ status: 'added', image: { from: null, to: 'registry.flowx.ai/flowx/organization-manager:10.19.2' }, removed: [], changed: [] });
    expect(names(om.added)).toEqual(renderContract('organization-manager', '5.5.0', DEFAULT_SETTINGS).map((v) => v.name));
    expect(up.services.map((s) => s.service)).not.toContain('license');
    expect(up.notes[0]).toContain('Organization Manager is new');
  });
});

describe('diff 5.5.0 → 5.4.0 (rollback)', () => {
  test('Organization Manager is removed, with the warning about its schema', () => {
    expect(svc(down, 'organization-manager')).toMatchObject({ status: 'removed', image: { to: null } });
    expect(down.notes[0]).toContain('not reversed by a rollback');
  });
  test('is the mirror image of the upgrade', () => {
    for (const name of inBoth) {
      const u = svc(up, name);
      const d = svc(down, name);
      expect(names(d.added)).toEqual(names(u.removed));
      expect(names(d.removed)).toEqual(names(u.added));
      expect(d.changed.map((c) => [c.name, c.from, c.to])).toEqual(u.changed.map((c) => [c.name, c.to, c.from]));
    }
  });
  test('the 5.4 side brings back the recorded client id', () => {
    const config: EnvironmentConfig = { name: 'legacy', platformVersion: '5.5.0', keycloak: { legacyClientIds: { admin: 'flowx-admin-client' } } };
    expect(svc(diffReleases('5.5.0', '5.4.0', config), 'admin').added).toContainEqual({
      name: VAR.saAdminClientId,
      value: 'flowx-admin-client (setting keycloak.legacyClientIds.admin)',
    });
  });
});

describe('diff of a configured environment', () => {
  const prod = diffReleases('5.4.0', '5.5.0', productionEnvironment);

  test('applies its settings and overrides', () => {
    expect(prod.environment).toBe('production');
    expect(svc(prod, 'admin').image.to).toBe('mirror.bank.internal/flowx-ai/admin:10.53.0');
    expect(svc(prod, 'admin').added).toContainEqual({ name: VAR.saRealm, value: 'flowx-sa (setting keycloak.serviceAccountRealm)' });
    // The same override on both sides is no change.
    expect(names(svc(prod, 'admin').added)).not.toContain('LOGGING_LEVEL_ROOT');
    expect(prod.problems).toEqual([]);
  });
  test('an override in another spelling replaces the contract variable: no phantom add and remove', () => {
    const config: EnvironmentConfig = { name: 'spelled', platformVersion: '5.5.0', services: { admin: { env: { 'security.type': 'jwt-public-key' } } } };
    const d = svc(diffReleases('5.4.0', '5.5.0', config), 'admin');
    const touched = [...names(d.added), ...names(d.removed), ...names(d.changed)].map(canonicalSettingName);
    expect(touched).not.toContain('securitytype');
  });
  test('lists what the stack would refuse on either side', () => {
    const config: EnvironmentConfig = { name: 'pinned', platformVersion: '5.4.0', services: { admin: { flags: { securityType: 'oauth2' } } } };
    expect(diffReleases('5.4.0', '5.5.0', config).problems).toEqual([
      expect.stringMatching(/^5\.5\.0: pinned › admin › services\.admin\.flags\.securityType: oauth2 \(opaque-token introspection\) was removed in 5\.5/),
    ]);
  });
});

describe('output', () => {
  test('the same release twice changes nothing', () => {
    const same = diffReleases('5.5.0', '5.5.0');
    expect(new Set(same.services.map((s) => s.status))).toEqual(new Set(['unchanged']));
    expect(diffMarkdown(same)).not.toContain('###');
  });
  test('Markdown: a summary table, then one table per service with +, − and ~ rows', () => {
    const md = diffMarkdown(up);
    expect(md).toMatch(/^## FlowX\.AI 5\.4\.0 → 5\.5\.0: catalog defaults\n/);
    expect(md).toContain('| `process-engine` | changed | 10.38.0 → 10.60.0 | 3 | 8 | 2 |');
    expect(md).toContain('| `organization-manager` | added | – → 10.19.2 | 20 | 0 | 0 |');
    expect(md).toContain('### `process-engine` (Process Engine): changed');
    expect(md).toContain('| ~ | `SECURITY_TYPE` | `oauth2` | `jwt-public-key` |');
    expect(md).toContain('| + | `SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_MAINIDENTITY_CLIENT_ID` | | `flowx-process-engine-sa` |');
    expect(md).toContain('| − | `SECURITY_OAUTH2_REALM` | `flowx (setting keycloak.mainRealm)` | |');
  });
  test('Markdown escapes pipes inside values', () => {
    const config: EnvironmentConfig = { name: 'pipes', platformVersion: '5.5.0', services: { 'organization-manager': { env: { JAVA_OPTS: '-Da=b|c' } } } };
    expect(diffMarkdown(diffReleases('5.4.0', '5.5.0', config))).toContain('| + | `JAVA_OPTS` | | `-Da=b\\|c` |');
  });
  test('JSON has a schema tag, the summary and every service', () => {
    const doc = JSON.parse(diffJson(up));
    expect(doc).toMatchObject({ schema: DIFF_SCHEMA, from: '5.4.0', to: '5.5.0', environment: null, summary: { added: 1, removed: 0, changed: 18, unchanged: 0 } });
    expect(doc.services[0]).toEqual({
      service: 'process-engine',
      displayName: 'Process Engine',
      status: 'changed',
      image: svc(up, 'process-engine').image,
      variables: expect.objectContaining({ added: expect.any(Array), removed: expect.any(Array), changed: expect.any(Array), unchanged: expect.any(Number) }),
    });
  });
  test('secrets appear as references only', () => {
    const config: EnvironmentConfig = {
      name: 's',
      platformVersion: '5.5.0',
      services: { 'organization-manager': { env: { WEBHOOK_TOKEN: EnvValue.fromSecret('hook', 'token') } } },
    };
    expect(svc(diffReleases('5.4.0', '5.5.0', config), 'organization-manager').added).toContainEqual({ name: 'WEBHOOK_TOKEN', value: 'secret hook/token' });
  });
});
