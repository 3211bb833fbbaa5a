import { Construct } from 'constructs';
import type { Release } from '@cdktf/provider-helm/lib/release';
import type { ResolvedDependencies } from '../../config/resolve-dependencies';
import { GeneratedSecret } from '../generated-secret';
import { chartRelease, mirrored } from './chart-release';

export const POSTGRES_FULLNAME = 'flowx-postgresql';

export interface ManagedPostgresProps {
  readonly namespace: string;
  readonly config: ResolvedDependencies['postgres'];
  readonly wait: boolean;
}

/**
 * PostgreSQL through CloudNativePG: the operator, then one cluster whose managed roles and
 * Database resources give every owning service its own database and login (ADR 0005).
 */
export class ManagedPostgres extends Construct {
  readonly operator: Release;
  readonly cluster: Release;
  /** Per database: the basic-auth Secret its role and its service both read. */
  readonly secrets: ReadonlyMap<string, GeneratedSecret>;

  constructor(scope: Construct, id: string, props: ManagedPostgresProps) {
    super(scope, id);
    const c = props.config;
    const secrets = new Map<string, GeneratedSecret>();
    const secretScope = new Construct(this, 'database-secrets');
    for (const db of c.databases) {
      secrets.set(
        db.name,
        new GeneratedSecret(secretScope, db.name, {
          name: db.secret.secretName,
          namespace: props.namespace,
          type: 'kubernetes.io/basic-auth',
          // The operator re-applies a role's password when its Secret changes.
          labels: { 'cnpg.io/reload': 'true', 'app.kubernetes.io/component': `database-${db.name}` },
          data: (password) => ({ username: db.role, [db.secret.key]: password }),
        }),
      );
    }
    this.secrets = secrets;

    const operatorImage = mirrored(c.imageRegistry, 'cloudnative-pg/cloudnative-pg');
    this.operator = chartRelease(this, 'operator', {
      releaseName: 'flowx-cnpg-operator',
      namespace: props.namespace,
      pin: c.operatorChart,
      values: operatorImage ? { image: { repository: operatorImage } } : {},
      // Its admission webhooks fail closed: the cluster chart's resources need it running.
      wait: true,
    });
    const postgresImage = mirrored(c.imageRegistry, 'cloudnative-pg/postgresql');
    this.cluster = chartRelease(this, 'cluster', {
      releaseName: POSTGRES_FULLNAME,
      namespace: props.namespace,
      pin: c.chart,
      values: {
        fullnameOverride: POSTGRES_FULLNAME,
        type: 'postgresql',
        mode: 'standalone',
        cluster: {
          instances: c.instances,
          storage: { size: c.storageSize },
          ...(postgresImage ? { imageName: `${postgresImage}:16` } : {}),
          roles: c.databases.map((db) => ({
            name: db.role,
            ensure: 'present',
            login: true,
            passwordSecret: { name: db.secret.secretName },
          })),
        },
        databases: c.databases.map((db) => ({
          name: db.name,
          owner: db.role,
          ensure: 'present',
          // A rollback must not drop organization_manager: its schema is not reversed (S1).
          databaseReclaimPolicy: 'retain',
        })),
      },
      wait: props.wait,
      dependsOn: [this.operator, ...[...secrets.values()].map((s) => s.secret)],
    });
  }
}
