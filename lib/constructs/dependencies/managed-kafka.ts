import { Construct } from 'constructs';
import type { Release } from '@cdktf/provider-helm/lib/release';
import type { ResolvedDependencies } from '../../config/resolve-dependencies';
import { chartRelease } from './chart-release';

export const KAFKA_CLUSTER = 'flowx-kafka';

export interface ManagedKafkaProps {
  readonly namespace: string;
  readonly config: ResolvedDependencies['kafka'];
  readonly wait: boolean;
}

/** Kafka in KRaft mode through the Strimzi operator and the project's flowx-kafka chart. */
export class ManagedKafka extends Construct {
  readonly operator: Release;
  readonly cluster: Release;

  constructor(scope: Construct, id: string, props: ManagedKafkaProps) {
    super(scope, id);
    const c = props.config;
    this.operator = chartRelease(this, 'operator', {
      releaseName: 'flowx-strimzi-operator',
      namespace: props.namespace,
      pin: c.operatorChart,
      values: {
        ...(c.imageRegistry ? { defaultImageRegistry: c.imageRegistry } : {}),
        // Kafka pods must pass the namespace's restricted Pod Security level.
        extraEnvs: [{ name: 'STRIMZI_POD_SECURITY_PROVIDER_CLASS', value: 'restricted' }],
      },
      // The operator's CRDs must exist before the cluster chart's Kafka resources.
      wait: true,
    });
    this.cluster = chartRelease(this, 'cluster', {
      releaseName: KAFKA_CLUSTER,
      namespace: props.namespace,
      pin: c.chart,
      values: { name: KAFKA_CLUSTER, replicas: c.replicas },
      wait: props.wait,
      dependsOn: [this.operator],
    });
  }
}
