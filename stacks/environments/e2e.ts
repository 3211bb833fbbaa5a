import * as path from 'node:path';
import { CHARTS, projectPath } from '../../lib/catalog/charts';
import type { ChartSource, EnvironmentConfig } from '../../lib/config/environment-config';

/** Stand-in charts of the real-server tier (no chart registry is reachable there). */
const standIns = projectPath(path.join('__tests__', 'e2e', 'charts'), 'README.md');
const standIn = (dir: string, version: string): ChartSource => ({ repository: '', chart: path.join(standIns, dir), version });

/**
 * The real-server tier's environment (`npm run test:e2e`): everything the default environment
 * declares, against a loopback Keycloak and a kube-apiserver without nodes. Endpoints and
 * credentials arrive as TF_VAR_* at deploy time.
 */
export const e2eEnvironment: EnvironmentConfig = {
  name: 'e2e',
  platformVersion: '5.5.0',
  namespace: 'flowx-e2e',
  // Managed, so the 5.4 rollback phase has a main realm for its clients (one address in both releases).
  keycloak: { serviceAccountRealm: 'flowx-e2e-sa', mainRealmMode: 'managed' },
  // No kubelet runs pods in the e2e API server: nothing would ever roll out. Real clusters keep this on.
  workloads: { waitForRollout: false },
  datastores: {
    postgres: {
      operatorChart: standIn('cnpg-operator', CHARTS.postgresOperator.version),
      chart: standIn('cnpg-cluster', CHARTS.postgresCluster.version),
    },
    redis: { chart: standIn('valkey', CHARTS.redis.version) },
    kafka: { operatorChart: standIn('strimzi-operator', CHARTS.kafkaOperator.version) },
  },
};

/** The same environment rolled back to 5.4.0: the e2e tier's second phase (FLOWX_E2E_PHASE=rollback). */
export const e2eRollbackEnvironment: EnvironmentConfig = {
  ...e2eEnvironment,
  platformVersion: '5.4.0',
  upgrade: { from: '5.5.0' },
};
