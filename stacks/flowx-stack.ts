import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KeycloakProvider } from '@cdktf-providers/keycloak/provider';
import { FlowxPlatform } from '../lib/constructs/flowx-platform';
import type { EnvironmentConfig } from '../lib/config/environment-config';
import type { Release } from '../lib/catalog/types';
import { DEFAULT_SETTINGS } from '../lib/config/settings';

export const PLATFORM_VERSION_OUTPUT = 'platform_version';

export interface FlowxStackOptions {
  /** The release this environment's previous synthesized output declared, if any. */
  readonly previousRelease?: Release;
}

/**
 * One environment: providers, endpoint variables and the platform. Endpoints are Terraform
 * variables with defaults, so `cdktf deploy` works as is and `TF_VAR_*` points it elsewhere.
 */
export class FlowxStack extends TerraformStack {
  readonly platform: FlowxPlatform;

  constructor(scope: Construct, config: EnvironmentConfig, options: FlowxStackOptions = {}) {
    super(scope, config.name);
    const kubeConfigPath = new TerraformVariable(this, 'kube_config_path', {
      type: 'string',
      default: '~/.kube/config',
      description: 'Path of the kubeconfig the kubernetes provider uses.',
    });
    const kubeContext = new TerraformVariable(this, 'kube_context', {
      type: 'string',
      default: '',
      description: 'kubeconfig context; empty means the current context.',
    });
    const keycloakUrl = new TerraformVariable(this, 'keycloak_url', {
      type: 'string',
      default: DEFAULT_SETTINGS.keycloak.url,
      description: 'Keycloak base URL as the FlowX services reach it (SECURITY_OAUTH2_BASE_SERVER_URL).',
    });
    new KubernetesProvider(this, 'kubernetes', {
      configPath: kubeConfigPath.stringValue,
      configContext: kubeContext.stringValue,
    });
    const keycloakAdminUrl = new TerraformVariable(this, 'keycloak_admin_url', {
      type: 'string',
      default: DEFAULT_SETTINGS.keycloak.url,
      description: 'Keycloak URL the keycloak provider reaches (may differ from keycloak_url).',
    });
    const keycloakAdminUser = new TerraformVariable(this, 'keycloak_admin_username', {
      type: 'string',
      default: 'admin',
      description: 'Keycloak admin user of the master realm.',
    });
    const keycloakAdminPassword = new TerraformVariable(this, 'keycloak_admin_password', {
      type: 'string',
      sensitive: true,
      description: 'Keycloak admin password (master realm); set TF_VAR_keycloak_admin_password. No default: never in code.',
    });
    new KeycloakProvider(this, 'keycloak', {
      url: keycloakAdminUrl.stringValue,
      clientId: 'admin-cli',
      realm: 'master',
      username: keycloakAdminUser.stringValue,
      password: keycloakAdminPassword.stringValue,
    });
    new HelmProvider(this, 'helm', {
      kubernetes: { configPath: kubeConfigPath.stringValue, configContext: kubeContext.stringValue },
    });
    this.platform = new FlowxPlatform(this, 'flowx', {
      ...config,
      baseSettings: { ...DEFAULT_SETTINGS, keycloak: { ...DEFAULT_SETTINGS.keycloak, url: keycloakUrl.stringValue } },
      ...(options.previousRelease ? { previousRelease: options.previousRelease } : {}),
    });
    // Read back by the next synth (and `terraform output`) to tell an upgrade or a rollback.
    new TerraformOutput(this, PLATFORM_VERSION_OUTPUT, {
      value: this.platform.resolved.release,
      description: 'FlowX release this stack declares.',
    });
  }
}
