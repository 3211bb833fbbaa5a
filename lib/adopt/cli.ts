import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { connect, importIdOf } from './adopt';
import { adoptionCandidates, clientsToRecreate } from './candidates';

export const ADOPT_USAGE = `Usage: flowx-adopt --stack-dir cdktf.out/stacks/<environment> [--keycloak-url URL] [--kubeconfig FILE]

After an interrupted deploy: finds what the plan wants to create but Keycloak or Kubernetes already has
(created by the interrupted apply, never recorded in the state) and imports it, so the next deploy
converges instead of failing with "already exists". Runs terraform in the stack folder with your TF_VAR_*
settings; Keycloak admin credentials from KEYCLOAK_ADMIN_USER / KEYCLOAK_ADMIN_PASSWORD (or
TF_VAR_keycloak_admin_username / TF_VAR_keycloak_admin_password). Exit 0: done; 1: a step failed; 2: bad input.`;

export interface AdoptIo {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

export async function adoptMain(argv: readonly string[], io: AdoptIo): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      options: { 'stack-dir': { type: 'string' }, 'keycloak-url': { type: 'string' }, kubeconfig: { type: 'string' }, help: { type: 'boolean', default: false } },
      strict: true,
    }).values;
  } catch (e) {
    io.err(`${e instanceof Error ? e.message : String(e)}\n\n${ADOPT_USAGE}`);
    return 2;
  }
  if (args.help) return io.out(ADOPT_USAGE), 0;
  const dir = args['stack-dir'];
  const env = io.env;
  const keycloakUrl = args['keycloak-url'] ?? env.TF_VAR_keycloak_admin_url;
  const password = env.KEYCLOAK_ADMIN_PASSWORD ?? env.TF_VAR_keycloak_admin_password;
  if (!dir || !fs.existsSync(path.join(dir, 'cdk.tf.json'))) return io.err(`--stack-dir must name a synthesized stack folder\n\n${ADOPT_USAGE}`), 2;
  if (!keycloakUrl || !password) return io.err('the Keycloak URL and admin password are needed (see --help)'), 2;
  const kubeconfig = args.kubeconfig ?? env.TF_VAR_kube_config_path;
  const tf = env.TERRAFORM_BINARY_NAME ?? 'terraform';
  const run = (a: string[]) => spawnSync(tf, a, { cwd: dir, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

  const remote = await connect(keycloakUrl, env.KEYCLOAK_ADMIN_USER ?? env.TF_VAR_keycloak_admin_username ?? 'admin', password, kubeconfig);
  const planFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'flowx-adopt-')), 'plan');
  let adopted = 0;
  // An adopted namespace or realm makes the names of what lives in it known: look again.
  for (let round = 1; round <= 4; round++) {
    const plan = run(['plan', '-input=false', '-lock=false', '-no-color', `-out=${planFile}`]);
    if (plan.status !== 0) return io.err(`terraform plan failed:\n${tail(plan.stderr)}`), 1;
    const show = run(['show', '-json', planFile]);
    if (show.status !== 0) return io.err(`terraform show failed:\n${tail(show.stderr)}`), 1;
    let found = 0;
    for (const c of adoptionCandidates(JSON.parse(show.stdout))) {
      const id = await importIdOf(c, remote);
      if (id === undefined) continue;
      const imp = run(['import', '-input=false', '-lock=false', '-no-color', c.address, id]);
      if (imp.status !== 0) return io.err(`terraform import ${c.address} failed:\n${tail(imp.stderr)}`), 1;
      io.out(`adopted ${c.address} (${id})`);
      found++;
    }
    adopted += found;
    if (found === 0) break;
  }
  const plan = run(['plan', '-input=false', '-lock=false', '-no-color', `-out=${planFile}`]);
  if (plan.status !== 0) return io.err(`terraform plan failed:\n${tail(plan.stderr)}`), 1;
  const stack = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
  for (const client of clientsToRecreate(JSON.parse(run(['show', '-json', planFile]).stdout), stack)) {
    const taint = run(['taint', '-lock=false', '-no-color', client]);
    if (taint.status !== 0) return io.err(`terraform taint ${client} failed:\n${tail(taint.stderr)}`), 1;
    io.out(`re-create ${client}: its Secret was never written, so the two must take a new value together`);
  }
  io.out(`${adopted} orphaned resource${adopted === 1 ? '' : 's'} adopted; the next deploy can converge`);
  return 0;
}

function tail(s: string): string {
  return s.trim().split('\n').slice(-20).join('\n');
}
