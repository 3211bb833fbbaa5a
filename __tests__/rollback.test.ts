import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, AnnotationMetadataEntryType } from 'cdktf';
import type { EnvironmentConfig } from '../lib/config/environment-config';
import { ConfigurationError } from '../lib/config/problems';
import { BACKUP_SCHEMA, type BackupManifest } from '../lib/migrate/backup-manifest';
import { synthesizeEnvironments } from '../stacks/synthesize';
import { byName, containerOf, envMap, synthEnvironment } from './helpers/platform';

const v55: EnvironmentConfig = { name: 'rt', platformVersion: '5.5.0', keycloak: { mainRealmMode: 'managed' } };
const v54: EnvironmentConfig = { ...v55, platformVersion: '5.4.0', upgrade: { from: '5.5.0' } };

/** The main realm's Terraform address, which must not move between releases. */
const mainRealmAddress = (json: any) => Object.entries(json.resource.keycloak_realm).find(([, r]: [string, any]) => r.realm === 'flowx')?.[0];

describe('5.4 → 5.5 → 5.4 synth round trip', () => {
  const a = synthEnvironment({ ...v55, platformVersion: '5.4.0' }).json;
  const b = synthEnvironment(v55).json;
  const c = synthEnvironment(v54);

  test('the rollback renders exactly the 5.4 workloads again', () => {
    const workloads = (j: any) => JSON.stringify([j.resource.kubernetes_deployment_v1, j.resource.kubernetes_job_v1]);
    expect(workloads(c.json)).toBe(workloads(a));
    expect(workloads(b)).not.toBe(workloads(a));
  });
  test('the main realm keeps its address in every release (no destroy of the users realm)', () => {
    expect(mainRealmAddress(a)).toBeDefined();
    expect(mainRealmAddress(b)).toBe(mainRealmAddress(a));
    expect(mainRealmAddress(c.json)).toBe(mainRealmAddress(a));
  });
  test('5.4 has the old client ids in the main realm, 5.5 the flowx-<service>-sa ids in the SA realm', () => {
    const ids = (j: any) => Object.values(j.resource.keycloak_openid_client).map((x: any) => x.client_id).sort();
    expect(ids(c.json)).toContain('admin-sa');
    expect(ids(c.json)).not.toContain('flowx-organization-manager-sa');
    expect(ids(b)).toContain('flowx-admin-sa');
    expect(Object.values(c.json.resource.keycloak_realm).map((r: any) => r.realm)).toEqual(['flowx']);
  });
  test('5.4 runs oauth2, the 5.4.0 images and no Organization Manager', () => {
    const admin = containerOf(c.json, 'admin');
    expect(admin.image).toBe('registry.flowx.ai/flowx/admin:10.38.0');
    expect(envMap(admin).get('SECURITY_TYPE').value).toBe('oauth2');
    expect(Object.values(c.json.resource.kubernetes_deployment_v1).some((d: any) => d.metadata.name === 'organization-manager')).toBe(false);
  });
  test('the rollback warns that Organization Manager schema changes are not reversed', () => {
    const warnings = c.stack.platform.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data));
    expect(warnings.join('\n')).toMatch(/rolling back to 5\.4\.0.*schema changes are not reversed.*assuming <service>-sa/s);
  });
});

describe('backups', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'flowx-rb-'));
  function backupWith(recorded: object): string {
    const dir = tmp();
    const manifest: BackupManifest = {
      schema: BACKUP_SCHEMA,
      createdAt: '2026-12-04T20:00:00Z',
      tool: { name: 'flowx-migrate', version: '0.1.0' },
      complete: true,
      captured: [],
      skipped: [],
      failed: [],
      recorded: { from: 'kubernetes/workloads.json', keycloak: { legacyClientIds: {}, ...recorded }, conflicts: [] },
      notes: [],
    };
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    return dir;
  }
  test('a rollback takes the old client ids and main realm the backup recorded', () => {
    const backup = backupWith({ mainRealm: 'bank', legacyClientIds: { admin: 'flowx-admin-legacy' } });
    const { json } = synthEnvironment({ ...v54, keycloak: { mainRealmMode: 'managed' }, upgrade: { from: '5.5.0', backup } });
    const ids = Object.values(json.resource.keycloak_openid_client).map((x: any) => x.client_id);
    expect(ids).toContain('flowx-admin-legacy');
    expect(envMap(containerOf(json, 'admin')).get('SECURITY_OAUTH2_REALM').value).toBe('bank');
  });
  test('configuration wins over the backup', () => {
    const backup = backupWith({ legacyClientIds: { admin: 'from-backup' } });
    const { json } = synthEnvironment({ ...v54, keycloak: { legacyClientIds: { admin: 'from-config' } }, upgrade: { from: '5.5.0', backup } });
    expect(envMap(containerOf(json, 'admin')).get('SECURITY_OAUTH2_SERVICE_ACCOUNT_ADMIN_CLIENT_ID').value).toBe('from-config');
  });
});

describe('the upgrade guard', () => {
  const outdir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'flowx-up-'));
  test('fails when a 5.4.0 environment is synthesized as 5.5.0 without a backup', () => {
    const dir = outdir();
    synthesizeEnvironments(new App({ outdir: dir }), [{ name: 'bank', platformVersion: '5.4.0' }]);
    const error = (() => {
      try {
        synthesizeEnvironments(new App({ outdir: dir }), [{ name: 'bank', platformVersion: '5.5.0' }]);
      } catch (e) {
        return e as ConfigurationError;
      }
      return undefined;
    })();
    expect(error?.problems[0]).toMatchObject({ environment: 'bank', setting: 'upgrade' });
    expect(error?.problems[0]?.fix).toContain('flowx-migrate backup');
    expect(fs.existsSync(path.join(dir, 'stacks'))).toBe(false);
  });
  test('passes with an explicit acknowledgement, and later synths need no upgrade block', () => {
    const dir = outdir();
    synthesizeEnvironments(new App({ outdir: dir }), [{ name: 'bank', platformVersion: '5.4.0' }]);
    synthesizeEnvironments(new App({ outdir: dir }), [{ name: 'bank', platformVersion: '5.5.0', upgrade: { from: '5.4.0', acknowledgeNoBackup: true } }]);
    synthesizeEnvironments(new App({ outdir: dir }), [{ name: 'bank', platformVersion: '5.5.0', upgrade: { from: '5.4.0', acknowledgeNoBackup: true } }]);
    synthesizeEnvironments(new App({ outdir: dir }), [{ name: 'bank', platformVersion: '5.5.0' }]);
    expect(fs.existsSync(path.join(dir, 'stacks', 'bank', 'cdk.tf.json'))).toBe(true);
  });
  test('fails when the named backup folder is not a backup', () => {
    expect(() => synthEnvironment({ name: 'bank', platformVersion: '5.5.0', upgrade: { from: '5.4.0', backup: '/nonexistent/backup' } })).toThrow(/upgrade\.backup.*not a usable backup/);
  });
  test('a fresh 5.5.0 environment needs no backup', () => {
    expect(() => synthEnvironment({ name: 'fresh', platformVersion: '5.5.0' })).not.toThrow();
  });
  test('the stack records its release as an output', () => {
    expect(synthEnvironment({ name: 'o', platformVersion: '5.4.0' }).json.output?.platform_version.value).toBe('5.4.0');
  });
  test('upgrade.from must name a catalog release', () => {
    expect(() => synthEnvironment({ name: 'x', platformVersion: '5.5.0', upgrade: { from: '5.3.0' as any } })).toThrow(/upgrade\.from.*not in the catalog/);
  });
});

test('byName helper finds the namespace (sanity of the fixtures used above)', () => {
  expect(byName(synthEnvironment(v55).json, 'kubernetes_namespace_v1', 'flowx').metadata.name).toBe('flowx');
});

test('a client secret Secret is re-created whenever its client is (a rollback replaces the clients)', () => {
  const json = synthEnvironment(v55).json;
  const clients = json.resource.keycloak_openid_client;
  for (const secret of Object.values(json.resource.kubernetes_secret_v1).filter((s: any) => s.metadata.name.endsWith('-sa-credentials')) as any[]) {
    const [trigger] = secret.lifecycle.replace_triggered_by;
    const [type, id] = trigger.split('.');
    expect(type).toBe('keycloak_openid_client');
    expect(clients[id].client_id).toBe(secret.metadata.annotations['flowx.ai/keycloak-client-id']);
  }
});
