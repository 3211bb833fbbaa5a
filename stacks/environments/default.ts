import type { EnvironmentConfig } from '../../lib/config/environment-config';

/** The default environment: FlowX 5.5.0 with every catalog default, nothing to configure. */
export const defaultEnvironment: EnvironmentConfig = {
  name: 'default',
  platformVersion: '5.5.0',
};
