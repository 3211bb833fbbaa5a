import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import type { Release } from '@cdktf/provider-helm/lib/release';
import type { SecretKeyRef } from '../../contract/env-value';
import type { ResolvedDependencies } from '../../config/resolve-dependencies';
import { GeneratedSecret } from '../generated-secret';
import { chartRelease } from './chart-release';

export const SPICEDB_FULLNAME = 'flowx-spicedb';

export interface ManagedSpicedbProps {
  readonly namespace: string;
  readonly config: ResolvedDependencies['spicedb'];
  /** The preshared key: SpiceDB serves with it and the services send it (FLOWX_SPICEDB_TOKEN). */
  readonly presharedKey: SecretKeyRef;
  /** When PostgreSQL is managed: the spicedb role's Secret and how to reach the database. */
  readonly database?: { readonly secret: GeneratedSecret; readonly host: string; readonly port: string; readonly name: string };
  readonly wait: boolean;
  readonly dependsOn: ITerraformDependable[];
}

/**
 * SpiceDB from the project's flowx-spicedb chart. The preshared key exists once, in one
 * Secret, read by SpiceDB and by every service: the token equals the key by construction.
 */
export class ManagedSpicedb extends Construct {
  /** The Secret with the preshared key (and, on a managed PostgreSQL, the datastore URI). */
  readonly credentials: GeneratedSecret;
  readonly release: Release;

  constructor(scope: Construct, id: string, props: ManagedSpicedbProps) {
    super(scope, id);
    const key = props.presharedKey;
    const uri = props.config.datastoreSecret;
    const db = props.database;
    this.credentials = new GeneratedSecret(this, 'credentials', {
      name: key.secretName,
      namespace: props.namespace,
      length: 48,
      labels: { 'app.kubernetes.io/component': 'spicedb' },
      data: (presharedKey) => ({
        [key.key]: presharedKey,
        // The spicedb role's apply-time password: both Secrets are written in the same apply.
        ...(db ? { [uri.key]: `postgres://${db.name}:${db.secret.password}@${db.host}:${db.port}/${db.name}?sslmode=disable` } : {}),
      }),
    });
    this.release = chartRelease(this, 'release', {
      releaseName: SPICEDB_FULLNAME,
      namespace: props.namespace,
      pin: props.config.chart,
      values: {
        fullnameOverride: SPICEDB_FULLNAME,
        ...(props.config.imageRegistry ? { image: { registry: props.config.imageRegistry } } : {}),
        existingSecret: {
          name: key.secretName,
          presharedKeyKey: key.key,
          datastoreUriKey: uri.key,
          ...(uri.secretName !== key.secretName ? { datastoreUriSecretName: uri.secretName } : {}),
        },
      },
      wait: props.wait,
      dependsOn: [...props.dependsOn, this.credentials.secret, ...(db ? [db.secret.secret] : [])],
    });
  }
}
