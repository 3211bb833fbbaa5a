import { App } from 'cdktf';
import { defaultEnvironment } from '../stacks/environments/default';
import { synthesizeEnvironments } from '../stacks/synthesize';

// Bench-only app: N copies of the default environment, to measure how synthesis grows.
const n = Number(process.env.FLOWX_BENCH_ENVIRONMENTS ?? '1');
const envs = Array.from({ length: n }, (_, i) => ({ ...defaultEnvironment, name: `default-${i + 1}` }));
synthesizeEnvironments(new App(), envs);
