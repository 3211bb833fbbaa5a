// The library's public entry: constructs, the catalog and the contract.
export { FlowxPlatform, type FlowxPlatformProps } from './constructs/flowx-platform';
export { FlowxService, type FlowxServiceProps } from './constructs/flowx-service';
export { PlatformNamespace } from './constructs/platform-namespace';
export { CATALOG, SERVICE_NAMES, isServiceName, type ServiceName } from './catalog/services';
export { RELEASES, type Release, type ServiceSpec, type ReleaseSpec, type SecurityType, type TokenRealm } from './catalog/types';
export { REMOVED_SETTINGS, findRemovedSetting, canonicalSettingName, GUIDE } from './catalog/removed-settings';
export { SecretNames, serviceAccountClientId } from './catalog/secret-names';
export { EnvValue, describeEnvValue, resolveEnv, type EnvVar, type SecretKeyRef } from './contract/env-value';
export { renderContract, VAR, type ServiceFlags } from './contract/environment-contract';
export type { EnvironmentConfig, ServiceOverrides, ResourceSpec } from './config/environment-config';
export { ConfigurationError, formatProblem, type Problem } from './config/problems';
export { validateEnvironment, validateEnvironments } from './config/validate';
export { resolveEnvironment, validateResolved, type ResolvedEnvironment, type ResolvedService } from './config/resolve';
export { DEFAULT_SETTINGS, type PlatformSettings, type KeycloakSettings } from './config/settings';
