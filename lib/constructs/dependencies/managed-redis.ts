import { Construct } from 'constructs';
import type { Release } from '@cdktf/provider-helm/lib/release';
import type { SecretKeyRef } from '../../contract/env-value';
import type { ResolvedDependencies } from '../../config/resolve-dependencies';
import { GeneratedSecret } from '../generated-secret';
import { chartRelease } from './chart-release';

export const REDIS_FULLNAME = 'flowx-redis';

export interface ManagedRedisProps {
  readonly namespace: string;
  readonly config: ResolvedDependencies['redis'];
  /** The Secret the services read (settings.redis.passwordSecret). */
  readonly passwordSecret: SecretKeyRef;
  readonly wait: boolean;
}

/** Redis-compatible Valkey from its official chart, ACL auth from a Secret made at apply time. */
export class ManagedRedis extends Construct {
  readonly password: GeneratedSecret;
  readonly release: Release;

  constructor(scope: Construct, id: string, props: ManagedRedisProps) {
    super(scope, id);
    const ref = props.passwordSecret;
    this.password = new GeneratedSecret(this, 'password', {
      name: ref.secretName,
      namespace: props.namespace,
      labels: { 'app.kubernetes.io/component': 'redis' },
      data: (password) => ({ [ref.key]: password }),
    });
    this.release = chartRelease(this, 'release', {
      releaseName: REDIS_FULLNAME,
      namespace: props.namespace,
      pin: props.config.chart,
      values: {
        fullnameOverride: REDIS_FULLNAME,
        ...(props.config.imageRegistry ? { image: { registry: props.config.imageRegistry } } : {}),
        // The chart's default probes run `valkey-cli ping` without credentials, which ACL auth
        // answers with NOAUTH: a TCP check keeps them meaningful without putting the password in a probe.
        startupProbe: { enabled: true, customProbe: { tcpSocket: { port: 6379 }, periodSeconds: 5, failureThreshold: 24 } },
        livenessProbe: { enabled: true, customProbe: { tcpSocket: { port: 6379 }, periodSeconds: 10, failureThreshold: 3 } },
        auth: {
          enabled: true,
          usersExistingSecret: ref.secretName,
          aclUsers: { default: { permissions: '~* &* +@all', passwordKey: ref.key } },
        },
      },
      wait: props.wait,
      dependsOn: [this.password.secret],
    });
  }
}
