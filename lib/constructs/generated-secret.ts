import { Construct } from 'constructs';
import { TerraformProvider, TerraformStack, type TerraformResource } from 'cdktf';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';

/**
 * A top-level `ephemeral "random_password"` block (cdktf 0.21 has no class for ephemeral
 * resources). Its value exists only during a plan or apply; write-only attributes send it
 * when their version changes, so an unchanged version converges to "no changes" (ADR 0004).
 */
export function ephemeralPassword(scope: Construct, length: number): string {
  const stack = TerraformStack.of(scope);
  useRandomProvider(stack);
  const name = terraformName(scope);
  stack.addOverride(`ephemeral.random_password.${name}`, { length, special: false, min_lower: 1, min_upper: 1, min_numeric: 1 });
  return `\${ephemeral.random_password.${name}.result}`;
}

/** A Terraform name unique in the stack, readable, and stable: the construct path below the stack. */
export function terraformName(scope: Construct): string {
  const stack = TerraformStack.of(scope);
  const parts = scope.node.scopes.slice(scope.node.scopes.indexOf(stack) + 1).map((c) => c.node.id);
  const name = parts.join('_').replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
}

/**
 * Ephemeral resources need hashicorp/random >= 3.7. One default provider block per stack:
 * a second `provider "random"` without alias would be a duplicate configuration.
 */
export function useRandomProvider(stack: TerraformStack): void {
  const present = stack.node.findAll().some((c) => c instanceof TerraformProvider && c.terraformResourceType === 'random');
  if (present) return;
  new RandomProvider(stack, 'random');
  // The binding's constraint (~> 3.1) admits releases without ephemeral resources.
  stack.addOverride('terraform.required_providers.random.version', '~> 3.7');
}

export interface GeneratedSecretProps {
  readonly name: string;
  /** Namespace name (a reference, so the namespace exists first). */
  readonly namespace: string;
  /** The Secret's keys, built from the apply-time password reference. */
  readonly data: (password: string) => Record<string, string>;
  /** Reuse another secret's password (one value, two Secrets). @default - a new ephemeral password */
  readonly password?: string;
  /** Raising it rewrites the Secret with a fresh password. @default 1 */
  readonly revision?: number;
  /** @default 'Opaque' */
  readonly type?: string;
  /** @default 32 */
  readonly length?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * The resource that takes the same value (a Keycloak client): the Secret is written after it,
   * and re-created whenever it is, so the two never hold different values.
   */
  readonly boundTo?: TerraformResource;
}

/** A Kubernetes Secret whose password is made at apply time and kept out of JSON and state. */
export class GeneratedSecret extends Construct {
  /** `${ephemeral.random_password.…}`: only valid inside write-only attributes. */
  readonly password: string;
  readonly secret: SecretV1;

  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id);
    this.password = props.password ?? ephemeralPassword(this, props.length ?? 32);
    const revision = props.revision ?? 1;
    this.secret = new SecretV1(this, 'secret', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { 'app.kubernetes.io/part-of': 'flowx', 'app.kubernetes.io/managed-by': 'cdktf', ...props.labels },
        annotations: { ...props.annotations, 'flowx.ai/secret-revision': String(revision) },
      },
      type: props.type ?? 'Opaque',
      dataWo: props.data(this.password),
      dataWoRevision: revision,
      ...(props.boundTo
        ? { dependsOn: [props.boundTo], lifecycle: { replaceTriggeredBy: [`${props.boundTo.terraformResourceType}.${props.boundTo.friendlyUniqueId}`] } }
        : {}),
    });
  }
}
