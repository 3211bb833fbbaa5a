#!/usr/bin/env node
// The `flowx-verify` command (package.json "bin"): lib/verify/cli.ts with this project's environments.
import { verifyMain } from '../lib/verify/cli';
import { ENVIRONMENTS } from '../stacks/environments';

if (require.main === module) {
  verifyMain(process.argv.slice(2), {
    environments: ENVIRONMENTS,
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s + '\n'),
    env: process.env,
  }).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`flowx-verify: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
