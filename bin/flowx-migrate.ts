#!/usr/bin/env node
// The `flowx-migrate` command (package.json "bin" → dist/bin/flowx-migrate.js). All logic is in
// lib/migrate/cli.ts; this file only wires in the configured environments and the exit code.
import { main, mainAsync } from '../lib/migrate/cli';
import { ENVIRONMENTS } from '../stacks/environments';

/** Runs the synchronous subcommands (check, diff, help) with this project's environments. */
export function run(argv: readonly string[] = process.argv.slice(2)): number {
  return main(argv, { environments: ENVIRONMENTS });
}

// exitCode rather than process.exit(): a piped stdout is flushed before the process ends.
if (require.main === module) {
  void mainAsync(process.argv.slice(2), { environments: ENVIRONMENTS }).then((code) => {
    process.exitCode = code;
  });
}
