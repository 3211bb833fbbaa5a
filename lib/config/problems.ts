/** One thing wrong with a configuration, with what to do about it. */
export interface Problem {
  readonly environment: string;
  /** The service concerned, when there is one. */
  readonly service?: string;
  /** The setting's path in the configuration, or the variable's name. */
  readonly setting: string;
  readonly message: string;
  readonly fix: string;
}

export function formatProblem(p: Problem): string {
  const where = [p.environment, p.service, p.setting].filter(Boolean).join(' › ');
  return `${where}: ${p.message}. Fix: ${p.fix}`;
}

/** Every problem of a configuration at once; thrown before anything is synthesized. */
export class ConfigurationError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(
      `${problems.length} configuration problem${problems.length === 1 ? '' : 's'}; nothing was synthesized:\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'ConfigurationError';
  }
}
