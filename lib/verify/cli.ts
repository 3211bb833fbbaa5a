import { parseArgs } from 'node:util';
import { serviceAccountClientId } from '../catalog/secret-names';
import { SecretNames } from '../catalog/secret-names';
import type { ServiceName } from '../catalog/services';
import type { EnvironmentConfig } from '../config/environment-config';
import { formatProblem } from '../config/problems';
import { resolveEnvironment } from '../config/resolve';
import { legacyClientId } from '../config/settings';
import { validateEnvironment } from '../config/validate';
import { adminToken, clientSecretFromAdmin } from './keycloak-http';
import { readKubeconfig, readSecretKey } from './kube-secrets';
import { formatResults, verify, verifyTargets, type VerifyTarget } from './verify';
import * as fs from 'node:fs';

export const VERIFY_USAGE = `Usage: flowx-verify [--environment NAME] [--keycloak-url URL] CREDENTIALS [--json]

Checks every FlowX service account against a deployed Keycloak, as the services will use it:
token from the contract's token URI, JWT signature against the realm's JWKS, issuer, roles, and
that no client gets a token with another service's secret.

CREDENTIALS, one of:
  --kubeconfig FILE [--context NAME]   read the client secrets from the platform's Kubernetes Secrets
  --credentials FILE                   a JSON object {"<client id or service>": "<secret>"}
  --keycloak-admin                     read them through the admin API as KEYCLOAK_ADMIN_USER
                                       (default admin) with KEYCLOAK_ADMIN_PASSWORD from the environment

--keycloak-url replaces the environment's Keycloak URL (for example its public address when you run
this outside the cluster). Exit 0: all passed; 1: a check failed; 2: bad input. Secrets are never printed.`;

export interface VerifyIo {
  readonly environments: readonly EnvironmentConfig[];
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

export async function verifyMain(argv: readonly string[], io: VerifyIo): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      options: {
        environment: { type: 'string', default: 'default' },
        'keycloak-url': { type: 'string' },
        kubeconfig: { type: 'string' },
        context: { type: 'string' },
        credentials: { type: 'string' },
        'keycloak-admin': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n\n${VERIFY_USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out(VERIFY_USAGE);
    return 0;
  }
  const sources = [args.kubeconfig, args.credentials, args['keycloak-admin'] || undefined].filter(Boolean);
  if (sources.length !== 1) {
    io.err(`give exactly one credentials source\n\n${VERIFY_USAGE}`);
    return 2;
  }
  const base = io.environments.find((e) => e.name === args.environment);
  if (!base) {
    io.err(`no environment "${args.environment}"; choose from ${io.environments.map((e) => e.name).join(', ')}`);
    return 2;
  }
  const config: EnvironmentConfig = args['keycloak-url'] ? { ...base, keycloak: { ...base.keycloak, url: args['keycloak-url'] } } : base;
  const problems = validateEnvironment(config);
  if (problems.length) {
    io.err(problems.map(formatProblem).join('\n'));
    return 2;
  }
  const env = resolveEnvironment(config);
  const kc = env.settings.keycloak;
  const clientIdOf = (s: ServiceName) => (env.release === '5.4.0' ? legacyClientId(kc, s) : serviceAccountClientId(s));
  const targets = verifyTargets(env, clientIdOf, config.keycloak?.serviceAccountRoles ?? {});

  let secrets: Map<string, string>;
  try {
    secrets = await loadSecrets(targets, args, env.namespace, env.release === '5.4.0' ? kc.mainRealm : kc.serviceAccountRealm, kc.url, io.env);
  } catch (e) {
    io.err(`could not read the credentials: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const results = await verify(targets, secrets);
  io.out(args.json ? JSON.stringify({ environment: env.name, release: env.release, results }, null, 2) : formatResults(results));
  return results.every((r) => r.ok) && results.length > 0 ? 0 : 1;
}

async function loadSecrets(
  targets: readonly VerifyTarget[],
  args: { kubeconfig?: string; context?: string; credentials?: string; 'keycloak-admin'?: boolean },
  namespace: string,
  realm: string,
  keycloakUrl: string,
  env: NodeJS.ProcessEnv,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (args.credentials) {
    const file = JSON.parse(fs.readFileSync(args.credentials, 'utf8')) as Record<string, unknown>;
    for (const t of targets) {
      const v = file[t.clientId] ?? file[t.service];
      if (typeof v === 'string') out.set(t.clientId, v);
    }
  } else if (args.kubeconfig) {
    const access = readKubeconfig(args.kubeconfig, args.context);
    for (const t of targets) {
      const ref = SecretNames.clientSecret(t.service);
      const v = await readSecretKey(access, namespace, ref.secretName, ref.key);
      if (v !== undefined) out.set(t.clientId, v);
    }
  } else {
    const password = env.KEYCLOAK_ADMIN_PASSWORD;
    if (!password) throw new Error('KEYCLOAK_ADMIN_PASSWORD is not set');
    const token = await adminToken(keycloakUrl, env.KEYCLOAK_ADMIN_USER ?? 'admin', password);
    for (const t of targets) {
      const v = await clientSecretFromAdmin(keycloakUrl, token, realm, t.clientId);
      if (v !== undefined) out.set(t.clientId, v);
    }
  }
  return out;
}
