import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Synthesis benchmark: medians over repeated runs, each a fresh process as `cdktf synth` starts one.
 * Prints the figures and writes them into the README between the BENCH markers.
 */
const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist');
const runs = Number(process.env.BENCH_RUNS ?? '7');

interface Sample { ms: number; rssMb: number }

function run(args: string[], env: Record<string, string> = {}, cmd = process.execPath): Sample {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowx-bench-'));
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: root, env: { ...process.env, CDKTF_OUTDIR: outdir, ...env }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  fs.rmSync(outdir, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  const rss = /BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr ?? '');
  return { ms, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function measure(label: string, n: number, f: () => Sample) {
  f(); // warm the file cache once; not counted
  const samples = Array.from({ length: n }, f);
  const result = { label, ms: median(samples.map((s) => s.ms)), rssMb: median(samples.map((s) => s.rssMb)), n };
  console.log(`${label.padEnd(44)} median ${result.ms.toFixed(0).padStart(6)} ms  peak RSS ${isNaN(result.rssMb) ? '   n/a' : result.rssMb.toFixed(0).padStart(4) + ' MB'}  (${n} runs)`);
  return result;
}

/** The cdktf/provider modules reachable from the compiled app's entry: loading them is the floor. */
function floorModules(entry: string): string[] {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/require\("([^"]+)"\)/g)) {
      const spec = m[1] as string;
      if (spec.startsWith('.')) visit(require.resolve(path.resolve(path.dirname(file), spec)));
      else if (/^(cdktf|constructs|@cdktf\/|@cdktf-providers\/)/.test(spec)) packages.add(spec);
    }
  };
  visit(entry);
  return [...packages].sort();
}

const rssHook = ['-r', path.join(dist, 'scripts', 'bench-rss.js')];
const modules = floorModules(path.join(dist, 'main.js'));
const floorCode = modules.map((m) => `require(${JSON.stringify(m)});`).join('');
console.log(`node ${process.version}, ${os.cpus().length} CPUs; floor loads: ${modules.join(', ')}\n`);

const floor = measure('floor: node loading cdktf + provider modules', runs, () => run([...rssHook, '-e', floorCode]));
const app = measure('app synth, default environment (cdktf.json app)', runs, () =>
  run([...rssHook, 'dist/main.js'], { FLOWX_ENVIRONMENTS: 'default' }),
);
const cli = measure('cdktf synth end to end (default environment)', Math.max(3, Math.floor(runs / 2)), () =>
  run([path.join(root, 'node_modules', '.bin', 'cdktf'), 'synth', '--output', fs.mkdtempSync(path.join(os.tmpdir(), 'flowx-cli-'))], { FLOWX_ENVIRONMENTS: 'default' }),
);
const scale = [1, 10, 50].map((n) =>
  measure(`${n} environment(s)`, n === 50 ? Math.max(3, Math.floor(runs / 2)) : runs, () =>
    run([...rssHook, 'dist/scripts/bench-app.js'], { FLOWX_BENCH_ENVIRONMENTS: String(n) }),
  ),
);
const [s1, s10, s50] = scale as [ReturnType<typeof measure>, ReturnType<typeof measure>, ReturnType<typeof measure>];
const ratio = app.ms / floor.ms;
const per10 = (s10.ms - s1.ms) / 9;
const per50 = (s50.ms - s1.ms) / 49;
console.log(`\napp synth / floor = ${ratio.toFixed(2)}x (target ≤ 2.5x)`);
console.log(`marginal cost per environment: ${per10.toFixed(0)} ms (1→10), ${per50.toFixed(0)} ms (1→50); ratio ${(per50 / per10).toFixed(2)} (1.0 = linear)`);

const table = [
  '| measurement | median | peak RSS | runs |',
  '| --- | --- | --- | --- |',
  ...[floor, app, cli, ...scale].map((r) => `| ${r.label} | ${r.ms.toFixed(0)} ms | ${isNaN(r.rssMb) ? 'n/a' : r.rssMb.toFixed(0) + ' MB'} | ${r.n} |`),
  '',
  `App synth is **${ratio.toFixed(2)}×** the floor (target ≤ 2.5×). Marginal cost per environment: ${per10.toFixed(0)} ms (1→10) and ${per50.toFixed(0)} ms (1→50), ratio ${(per50 / per10).toFixed(2)} (1.0 is linear).`,
  `Measured ${new Date().toISOString().slice(0, 10)} with node ${process.version} on ${os.cpus().length} CPUs (\`npm run bench\`; shared machine, so read medians and ratios, not single runs).`,
].join('\n');
const readmePath = path.join(root, 'README.md');
const readme = fs.readFileSync(readmePath, 'utf8');
const BEGIN = '<!-- BEGIN BENCH -->';
const END = '<!-- END BENCH -->';
if (readme.includes(BEGIN) && !process.env.BENCH_NO_README) {
  fs.writeFileSync(readmePath, readme.slice(0, readme.indexOf(BEGIN) + BEGIN.length) + '\n' + table + '\n' + readme.slice(readme.indexOf(END)));
  console.log('\nREADME.md performance table updated');
}
