import type { EnvironmentConfig } from '../../lib/config/environment-config';
import { EnvValue } from '../../lib/contract/env-value';

/**
 * A production-like example: a private registry mirror (air-gapped), managed datastores
 * outside the cluster, two replicas of the busy services, and one assumption overridden.
 */
export const productionEnvironment: EnvironmentConfig = {
  name: 'production',
  platformVersion: '5.5.0',
  namespace: 'flowx-prod',
  images: {
    registry: 'mirror.bank.internal',
    repositoryPrefix: 'flowx-ai',
    pullPolicy: 'IfNotPresent',
    pullSecrets: ['mirror-pull'],
  },
  keycloak: {
    url: 'https://iam.bank.internal',
    mainRealm: 'flowx',
    serviceAccountRealm: 'flowx-sa',
  },
  datastores: {
    // The bank's managed PostgreSQL, Redis and Kafka: referenced, never deployed.
    postgres: {
      mode: 'external',
      host: 'pg.db.bank.internal',
      port: 5432,
      passwordSecrets: { 'organization-manager': { name: 'dba-issued-organization-manager', key: 'password' } },
    },
    redis: { mode: 'external', host: 'redis.cache.bank.internal', port: 6380, passwordSecret: { name: 'redis-auth', key: 'password' } },
    kafka: { mode: 'external', bootstrapServers: 'kafka-0.bank.internal:9093,kafka-1.bank.internal:9093', securityProtocol: 'SSL' },
    elasticsearch: { uris: 'https://search.bank.internal:9200' },
    // SpiceDB is deployed by the stack, from the internal chart and image mirrors.
    spicedb: { mode: 'managed', imageRegistry: 'mirror.bank.internal', datastoreSecret: { name: 'spicedb-datastore', key: 'uri' } },
  },
  workloads: {
    resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } },
  },
  services: {
    'process-engine': { replicas: 2, resources: { limits: { memory: '3Gi' } } },
    'events-gateway': { replicas: 2 },
    'admin': {
      env: {
        LOGGING_LEVEL_ROOT: 'INFO',
        // A credential the catalog does not know about still travels by reference only.
        FLOWX_AUDIT_WEBHOOK_TOKEN: EnvValue.fromSecret('flowx-admin-audit-webhook', 'token'),
      },
    },
  },
};
