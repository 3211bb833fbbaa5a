import type { EnvironmentConfig } from '../lib/config/environment-config';
import { SecretNames } from '../lib/catalog/secret-names';
import { ENVIRONMENTS } from '../stacks/environments';
import { synthEnvironment } from './helpers/platform';

/** Secrets the user provides by design: MongoDB is always external, so are its URIs. */
const userProvided = (name: string) => /^flowx-.+-mongodb$/.test(name);

const cases: [string, EnvironmentConfig][] = [
  ...ENVIRONMENTS.filter((e) => !e.datastores || Object.values(e.datastores).every((d: any) => d?.mode !== 'external')).map((e): [string, EnvironmentConfig] => [e.name, e]),
  ['5.4.0 rollback', { name: 'rb', platformVersion: '5.4.0', upgrade: { from: '5.5.0' }, keycloak: { mainRealmMode: 'managed' } }],
];

describe.each(cases)('%s: every secretKeyRef points at a Secret the stack creates', (_name, config) => {
  const { json } = synthEnvironment(config);
  const declared = new Map<string, Set<string>>();
  for (const s of Object.values(json.resource.kubernetes_secret_v1 ?? {}) as any[]) {
    declared.set(s.metadata.name, new Set(Object.keys(s.data_wo ?? s.data ?? {})));
  }
  const refs = [...Object.values(json.resource.kubernetes_deployment_v1 ?? {}), ...Object.values(json.resource.kubernetes_job_v1 ?? {})].flatMap((w: any) =>
    w.spec.template.spec.container.flatMap((c: any) => (c.env ?? []).filter((e: any) => e.value_from).map((e: any) => ({ workload: w.metadata.name, env: e.name, ...e.value_from.secret_key_ref }))),
  );

  test('there are references to check', () => expect(refs.length).toBeGreaterThan(20));
  test('each reference names a declared Secret and key, or a user-provided one', () => {
    const dangling = refs.filter((r) => !userProvided(r.name) && !declared.get(r.name)?.has(r.key));
    expect(dangling).toEqual([]);
  });
  test('the only user-provided ones are the MongoDB URIs', () => {
    expect([...new Set(refs.filter((r) => !declared.has(r.name)).map((r) => r.name))].every(userProvided)).toBe(true);
  });
});

test('5.4.0 declares the introspection client and its Secret', () => {
  const { json } = synthEnvironment(cases[cases.length - 1]![1]);
  const ids = Object.values(json.resource.keycloak_openid_client).map((c: any) => c.client_id);
  expect(ids).toContain('flowx-platform-authorize');
  expect(Object.values(json.resource.kubernetes_secret_v1).map((s: any) => s.metadata.name)).toContain(SecretNames.introspectionClientSecret().secretName);
});
