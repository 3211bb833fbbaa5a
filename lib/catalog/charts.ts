import * as fs from 'node:fs';
import * as path from 'node:path';

/** A Helm chart pinned to one version; `repository` empty means `chart` is a local directory. */
export interface ChartPin {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
}

/**
 * The charts the managed dependencies install (docs/adr/0005). Each is a default: a user
 * points `datastores.<dep>.chart` / `operatorChart` at a private mirror and pins there.
 */
export const CHARTS = {
  postgresOperator: { repository: 'https://cloudnative-pg.github.io/charts', chart: 'cloudnative-pg', version: '0.29.0' },
  postgresCluster: { repository: 'https://cloudnative-pg.github.io/charts', chart: 'cluster', version: '0.8.1' },
  redis: { repository: 'https://valkey.io/valkey-helm/', chart: 'valkey', version: '0.11.0' },
  kafkaOperator: { repository: 'oci://quay.io/strimzi-helm', chart: 'strimzi-kafka-operator', version: '1.2.0' },
  kafkaCluster: { repository: '', chart: projectChart('flowx-kafka'), version: '0.1.0' },
  spicedb: { repository: '', chart: projectChart('flowx-spicedb'), version: '0.1.0' },
} as const satisfies Record<string, ChartPin>;

/** Image with `psql` for the services' wait-for-database init container: CloudNativePG's PostgreSQL 16. */
export const DEFAULT_POSTGRES_CLIENT_IMAGE = 'ghcr.io/cloudnative-pg/postgresql:16';

/** Charts this project ships (charts/), found from the package root wherever the code runs from. */
export function projectChart(name: string): string {
  return projectPath(path.join('charts', name), 'Chart.yaml');
}

/**
 * A folder of the project (`rel`, holding `marker`), found by walking up from this file: the
 * same answer from TypeScript sources (jest) and from compiled JavaScript in dist/.
 */
export function projectPath(rel: string, marker: string): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, rel);
    if (fs.existsSync(path.join(candidate, marker))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return rel;
    dir = parent;
  }
}
