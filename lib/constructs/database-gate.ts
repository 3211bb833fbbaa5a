import type { EnvVar } from '../contract/env-value';
import type { ResolvedService } from '../config/resolve';
import { toK8sEnv, type K8sEnv } from './kubernetes-env';
import { EnvValue } from '../contract/env-value';

export interface GateContainer {
  readonly name: string;
  readonly image: string;
  readonly command: string[];
  readonly env: K8sEnv[];
}

const JDBC = /^jdbc:postgresql:\/\/([^:/?]+)(?::(\d+))?\/([^?]+)/;

/**
 * An init container that waits until the service's own role can log in to its own database,
 * with exactly the URL, user and password Secret of the service's rendered environment. The
 * database is created by the operator after the chart is installed, so "created after the
 * chart" alone would not mean "exists before the service starts".
 */
export function databaseGate(svc: ResolvedService, image: string): GateContainer | undefined {
  const byName = new Map(svc.env.map((e) => [e.name, e.value]));
  const url = byName.get('SPRING_DATASOURCE_URL');
  const user = byName.get('SPRING_DATASOURCE_USERNAME');
  const password = byName.get('SPRING_DATASOURCE_PASSWORD');
  if (!url || !user || !password || password.kind !== 'secret') return undefined;
  if (url.kind !== 'literal' && url.kind !== 'setting') return undefined;
  if (user.kind !== 'literal' && user.kind !== 'setting') return undefined;
  const m = JDBC.exec(url.value);
  if (!m) return undefined;
  const env: EnvVar[] = [
    { name: 'PGHOST', value: EnvValue.literal(m[1] as string) },
    { name: 'PGPORT', value: EnvValue.literal(m[2] ?? '5432') },
    { name: 'PGDATABASE', value: EnvValue.literal(m[3] as string) },
    { name: 'PGUSER', value: EnvValue.literal(user.value) },
    { name: 'PGPASSWORD', value: password },
    { name: 'PGCONNECT_TIMEOUT', value: EnvValue.literal('5') },
  ];
  return {
    name: 'wait-for-database',
    image,
    command: ['sh', '-c', 'until psql -qtAc "select 1" >/dev/null 2>&1; do echo "waiting for database $PGDATABASE on $PGHOST:$PGPORT"; sleep 3; done'],
    env: toK8sEnv(env),
  };
}
