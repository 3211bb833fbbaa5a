import type { EnvironmentConfig } from '../../lib/config/environment-config';
import { defaultEnvironment } from './default';
import { productionEnvironment } from './production';
import { e2eEnvironment, e2eRollbackEnvironment } from './e2e';

/** Every environment `main.ts` synthesizes, one stack each. The e2e tier's rollback phase swaps its environment. */
export const ENVIRONMENTS: readonly EnvironmentConfig[] = [
  defaultEnvironment,
  productionEnvironment,
  process.env.FLOWX_E2E_PHASE === 'rollback' ? e2eRollbackEnvironment : e2eEnvironment,
];
