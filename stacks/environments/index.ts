import type { EnvironmentConfig } from '../../lib/config/environment-config';
import { defaultEnvironment } from './default';
import { productionEnvironment } from './production';

/** Every environment `main.ts` synthesizes, one stack each. */
export const ENVIRONMENTS: readonly EnvironmentConfig[] = [defaultEnvironment, productionEnvironment];
