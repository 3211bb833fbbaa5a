import type { EnvironmentConfig } from '../../lib/config/environment-config';
import { defaultEnvironment } from './default';
import { productionEnvironment } from './production';
import { e2eEnvironment } from './e2e';

/** Every environment `main.ts` synthesizes, one stack each. */
export const ENVIRONMENTS: readonly EnvironmentConfig[] = [defaultEnvironment, productionEnvironment, e2eEnvironment];
