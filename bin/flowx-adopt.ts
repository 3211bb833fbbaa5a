#!/usr/bin/env node
// The `flowx-adopt` command (package.json "bin"): lib/adopt/cli.ts.
import { adoptMain } from '../lib/adopt/cli';

if (require.main === module) {
  adoptMain(process.argv.slice(2), { out: (s) => process.stdout.write(s + '\n'), err: (s) => process.stderr.write(s + '\n'), env: process.env }).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`flowx-adopt: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
