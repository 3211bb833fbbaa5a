/** A key of a Kubernetes Secret in the platform namespace. */
export interface SecretKeyRef {
  readonly secretName: string;
  readonly key: string;
}

/**
 * One environment variable's value. Secrets exist only as `secret` references, rendered as
 * `secretKeyRef`: there is no constructor that turns a secret into a literal string.
 */
export type EnvValue =
  /** Fixed by the catalog (the same for every installation). */
  | { readonly kind: 'literal'; readonly value: string }
  /** Comes from a platform setting; `setting` names it for docs and diffs. */
  | { readonly kind: 'setting'; readonly setting: string; readonly value: string }
  | { readonly kind: 'secret'; readonly ref: SecretKeyRef }
  /** Built from other variables of the same container with Kubernetes' `$(VAR)` expansion. */
  | { readonly kind: 'expression'; readonly template: string; readonly refs: readonly string[] };

const REF = /\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g;

export const EnvValue = {
  literal(value: string): EnvValue {
    return { kind: 'literal', value };
  },
  fromSetting(setting: string, value: string): EnvValue {
    return { kind: 'setting', setting, value };
  },
  fromSecret(secretName: string, key: string): EnvValue {
    return { kind: 'secret', ref: { secretName, key } };
  },
  /** `template` refers to other variables as `$(NAME)`; they must come earlier in the list. */
  expression(template: string): EnvValue {
    return { kind: 'expression', template, refs: [...template.matchAll(REF)].map((m) => m[1] as string) };
  },
  isEnvValue(x: unknown): x is EnvValue {
    return typeof x === 'object' && x !== null && ['literal', 'setting', 'secret', 'expression'].includes((x as { kind?: string }).kind ?? '');
  },
} as const;

/** A rendered variable, in container order. */
export interface EnvVar {
  readonly name: string;
  readonly value: EnvValue;
}

/** A one-line description of where a value comes from, never a secret's content. */
export function describeEnvValue(v: EnvValue): string {
  switch (v.kind) {
    case 'literal':
      return v.value;
    case 'setting':
      return `${v.value} (setting ${v.setting})`;
    case 'secret':
      return `secret ${v.ref.secretName}/${v.ref.key}`;
    case 'expression':
      return v.template;
  }
}

/**
 * The value a process would see after Kubernetes expands `$(VAR)`, given earlier variables.
 * Secrets resolve to undefined: their content exists only at apply time.
 */
export function resolveEnv(vars: readonly EnvVar[]): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const { name, value } of vars) {
    switch (value.kind) {
      case 'literal':
      case 'setting':
        out.set(name, value.value);
        break;
      case 'secret':
        out.set(name, undefined);
        break;
      case 'expression':
        out.set(name, value.template.replace(REF, (whole, ref: string) => out.get(ref) ?? whole));
        break;
    }
  }
  return out;
}
