import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Steps of the real-server tier: each timed, its outcome logged, its failure fatal. */

export const ROOT = path.resolve(__dirname, '..', '..', '..');
const timings: { step: string; seconds: number; ok: boolean }[] = [];
let failures = 0;
let passes = 0;

export function log(msg: string): void {
  process.stdout.write(`[e2e ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

/** Runs `fn` as a named step; a thrown error fails the step and, if `fatal`, the run. */
export async function step<T>(name: string, fn: () => Promise<T> | T, fatal = true): Promise<T | undefined> {
  const t0 = process.hrtime.bigint();
  log(`▶ ${name}`);
  try {
    const out = await fn();
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    timings.push({ step: name, seconds: s, ok: true });
    passes++;
    log(`✔ ${name} (${s.toFixed(1)} s)`);
    return out;
  } catch (e) {
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    timings.push({ step: name, seconds: s, ok: false });
    failures++;
    log(`✘ ${name} (${s.toFixed(1)} s): ${e instanceof Error ? e.message : String(e)}`);
    if (fatal) throw new StopRun();
    return undefined;
  }
}

export class StopRun extends Error {}

/** Runs a command; throws with its tail on failure. `secretEnv` values are passed, never printed. */
export function sh(cmd: string, args: string[], opts: SpawnSyncOptions & { allowExit?: number[] } = {}): { stdout: string; stderr: string; status: number } {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });
  const status = r.status ?? -1;
  if (status !== 0 && !(opts.allowExit ?? []).includes(status)) {
    const tail = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`${path.basename(cmd)} ${args.join(' ')} exited ${status}\n${tail}`);
  }
  return { stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), status };
}

/** The environment a sourced shell file exports. */
export function sourced(file: string): NodeJS.ProcessEnv {
  const out = sh('bash', ['-c', `set -a; source "${file}" >/dev/null; env -0`]).stdout;
  return Object.fromEntries(out.split('\0').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function summary(): number {
  log('---- step durations ----');
  for (const t of timings) log(`${t.ok ? 'ok  ' : 'FAIL'} ${t.step.padEnd(60)} ${t.seconds.toFixed(1).padStart(7)} s`);
  // The closing line CI reads.
  process.stdout.write(`${passes} passed, ${failures} failed\n`);
  return failures === 0 ? 0 : 1;
}

/**
 * Starts a command in its own process group and sends the group SIGINT (a user's Ctrl-C) once
 * `when` resolves (for example: the apply has begun).
 */
export function interrupted(cmd: string, args: string[], env: NodeJS.ProcessEnv, when: () => Promise<void>): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, detached: true, stdio: 'ignore' });
    let exited = false;
    void when().then(() => !exited && child.pid && process.kill(-child.pid, 'SIGINT'));
    child.on('exit', async (code) => {
      exited = true;
      // cdktf may exit before its terraform child has stopped and written the state: wait for the group.
      for (let i = 0; i < 120 && child.pid && groupAlive(child.pid); i++) await new Promise((r) => setTimeout(r, 500));
      resolve(code);
    });
  });
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
