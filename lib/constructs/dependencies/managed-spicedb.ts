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
  readonly presharedKey: GeneratedSecret;
  readonly datastore?: GeneratedSecret;
  readonly release: Release;

  constructor(scope: Construct, id: string, props: ManagedSpicedbProps) {
    super(scope, id);
    const key = props.presharedKey;
    this.presharedKey = new GeneratedSecret(this, 'preshared-key', {
      name: key.secretName,
      namespace: props.namespace,
      length: 48,
      labels: { 'app.kubernetes.io/component': 'spicedb' },
      data: (value) => ({ [key.key]: value }),
    });
    const uri = props.config.datastoreSecret;
    const db = props.database;
    if (db) {
      // Same apply-time value as the spicedb role's Secret, so the URI's password matches the role.
      this.datastore = new GeneratedSecret(this, 'datastore', {
        name: uri.secretName,
        namespace: props.namespace,
        password: db.secret.password,
        labels: { 'app.kubernetes.io/component': 'spicedb' },
        data: (password) => ({ [uri.key]: `postgres://${db.name}:${password}@${db.host}:${db.port}/${db.name}?sslmode=disable` }),
      });
    }
    this.release = chartRelease(this, 'release', {
      releaseName: SPICEDB_FULLNAME,
      namespace: props.namespace,
      pin: props.config.chart,
      values: {
        fullnameOverride: SPICEDB_FULLNAME,
        ...(props.config.imageRegistry ? { image: { registry: props.config.imageRegistry } } : {}),
        existingSecret: { presharedKey: { name: key.secretName, key: key.key }, datastoreUri: { name: uri.secretName, key: uri.key } },
      },
      wait: props.wait,
      dependsOn: [...props.dependsOn, this.presharedKey.secret, ...(this.datastore ? [this.datastore.secret] : [])],
    });
  }
}
