import type { EnvVar } from '../contract/env-value';

/** A container env entry as the kubernetes provider's structs take it. */
export interface K8sEnv {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly secretKeyRef: { readonly name: string; readonly key: string } };
}

/**
 * Contract → container env. A secret can only become a `secretKeyRef`; expressions stay
 * `$(VAR)` for the kubelet to expand, so the synthesized JSON never holds their result.
 */
export function toK8sEnv(vars: readonly EnvVar[]): K8sEnv[] {
  return vars.map(({ name, value }) => {
    switch (value.kind) {
      case 'secret':
        return { name, valueFrom: { secretKeyRef: { name: value.ref.secretName, key: value.ref.key } } };
      case 'expression':
        return { name, value: value.template };
      case 'literal':
      case 'setting':
        return { name, value: value.value };
    }
  });
}
