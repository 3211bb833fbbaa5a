import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import type { Datastore } from '../../catalog/types';
import { SPICEDB_DATABASE } from '../../config/resolve-dependencies';
import type { ResolvedEnvironment } from '../../config/resolve';
import { ManagedKafka } from './managed-kafka';
import { ManagedPostgres } from './managed-postgres';
import { ManagedRedis } from './managed-redis';
import { ManagedSpicedb } from './managed-spicedb';

export interface PlatformDependenciesProps {
  readonly environment: ResolvedEnvironment;
  readonly namespace: string;
}

/**
 * The datastores the stack manages (PostgreSQL, Redis, Kafka, SpiceDB), each only when its
 * mode is `managed`; `external` ones are referenced through settings and nothing is deployed.
 */
export class PlatformDependencies extends Construct {
  readonly postgres?: ManagedPostgres;
  readonly redis?: ManagedRedis;
  readonly kafka?: ManagedKafka;
  readonly spicedb?: ManagedSpicedb;

  constructor(scope: Construct, id: string, props: PlatformDependenciesProps) {
    super(scope, id);
    const env = props.environment;
    const deps = env.dependencies;
    const wait = env.waitForRollout;
    const namespace = props.namespace;
    if (deps.postgres.mode === 'managed') this.postgres = new ManagedPostgres(this, 'postgres', { namespace, config: deps.postgres, wait });
    if (deps.redis.mode === 'managed') {
      this.redis = new ManagedRedis(this, 'redis', { namespace, config: deps.redis, passwordSecret: env.settings.redis.passwordSecret, wait });
    }
    if (deps.kafka.mode === 'managed') this.kafka = new ManagedKafka(this, 'kafka', { namespace, config: deps.kafka, wait });
    if (deps.spicedb.mode === 'managed') {
      const dbSecret = this.postgres?.secrets.get(SPICEDB_DATABASE);
      this.spicedb = new ManagedSpicedb(this, 'spicedb', {
        namespace,
        config: deps.spicedb,
        presharedKey: env.settings.spicedb.presharedKeySecret,
        ...(dbSecret
          ? { database: { secret: dbSecret, host: env.settings.postgres.host, port: env.settings.postgres.port, name: SPICEDB_DATABASE } }
          : {}),
        wait,
        dependsOn: this.postgres ? [this.postgres.cluster] : [],
      });
    }
  }

  /** What a service using these datastores must be created after. */
  readyFor(datastores: readonly Datastore[]): ITerraformDependable[] {
    const out: ITerraformDependable[] = [];
    for (const d of datastores) {
      if (d === 'postgres' && this.postgres) out.push(this.postgres.cluster);
      if (d === 'redis' && this.redis) out.push(this.redis.release);
      if (d === 'kafka' && this.kafka) out.push(this.kafka.cluster);
      if (d === 'spicedb' && this.spicedb) out.push(this.spicedb.release);
    }
    return out;
  }
}
