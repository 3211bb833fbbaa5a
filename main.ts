import { App } from 'cdktf';
import { ENVIRONMENTS } from './stacks/environments';
import { selectEnvironments, synthesizeEnvironments } from './stacks/synthesize';

const app = new App();
try {
  synthesizeEnvironments(app, selectEnvironments(ENVIRONMENTS, process.env.FLOWX_ENVIRONMENTS));
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
