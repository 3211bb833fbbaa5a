import { Construct } from 'constructs';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';

export interface PlatformNamespaceProps {
  readonly name: string;
}

/** The platform namespace, held to the restricted Pod Security Standard by the API server. */
export class PlatformNamespace extends Construct {
  readonly resource: NamespaceV1;
  /** The namespace name as a reference, so dependents are created after it. */
  readonly name: string;

  constructor(scope: Construct, id: string, props: PlatformNamespaceProps) {
    super(scope, id);
    this.resource = new NamespaceV1(this, 'namespace', {
      metadata: {
        name: props.name,
        labels: {
          'app.kubernetes.io/part-of': 'flowx',
          'app.kubernetes.io/managed-by': 'cdktf',
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    });
    this.name = this.resource.metadata.name;
  }
}
