import type { ServiceName } from '../catalog/services';
import type { Release } from '../catalog/types';
import type { EnvValue } from '../contract/env-value';
import type { ServiceFlags } from '../contract/environment-contract';
import type { KeycloakSettings } from './settings';

/** CPU and memory of one container. */
export interface ResourceSpec {
  readonly requests?: { readonly cpu?: string; readonly memory?: string };
  readonly limits?: { readonly cpu?: string; readonly memory?: string };
}

/** What a user may change about one service without touching library code. */
export interface ServiceOverrides {
  /** @default - the catalog's: on when FlowX ships an image for the release */
  readonly enabled?: boolean;
  /** @default - `<registry>/<repositoryPrefix>/<catalog image>:<catalog version>` */
  readonly image?: { readonly repository?: string; readonly tag?: string };
  /** @default 1 */
  readonly replicas?: number;
  /** @default - `workloads.resources` */
  readonly resources?: ResourceSpec;
  /** Overrides of the catalog's security flags where its assumptions are wrong for you. */
  readonly flags?: Partial<ServiceFlags>;
  /**
   * Variables to add, or to replace a contract variable of the same (relaxed-binding) name.
   * A plain string is a literal; secrets must be `EnvValue.fromSecret(secret, key)`.
   */
  readonly env?: Readonly<Record<string, string | EnvValue>>;
}

/** One environment (one stack), as a user writes it. */
export interface EnvironmentConfig {
  /** Stack name; also the Terraform workspace folder under cdktf.out/stacks. */
  readonly name: string;
  readonly platformVersion: Release;
  /** @default 'flowx' */
  readonly namespace?: string;
  readonly images?: {
    /** @default 'registry.flowx.ai' */
    readonly registry?: string;
    /** @default 'flowx' */
    readonly repositoryPrefix?: string;
    /** @default 'IfNotPresent' */
    readonly pullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
    /** Names of existing docker-registry Secrets in the namespace. @default [] */
    readonly pullSecrets?: readonly string[];
  };
  /** Keycloak as the services see it. The URL defaults to the `keycloak_url` Terraform variable. */
  readonly keycloak?: Partial<Omit<KeycloakSettings, 'legacyClientIds'>> & {
    readonly legacyClientIds?: Readonly<Partial<Record<ServiceName, string>>>;
  };
  /** Connection settings of the datastores the contracts reference. */
  readonly datastores?: {
    readonly postgres?: { readonly host?: string; readonly port?: number };
    readonly redis?: { readonly host?: string; readonly port?: number };
    readonly kafka?: { readonly bootstrapServers?: string; readonly securityProtocol?: string };
    readonly elasticsearch?: { readonly uris?: string };
    readonly spicedb?: { readonly host?: string; readonly port?: number };
  };
  readonly workloads?: {
    /**
     * Wait for Deployments to roll out during apply. Keep it on for real clusters; only
     * an API server without nodes (the e2e tier) turns it off.
     * @default true
     */
    readonly waitForRollout?: boolean;
    /** @default - requests 250m/768Mi, limits 1 CPU/1536Mi */
    readonly resources?: ResourceSpec;
  };
  readonly services?: Readonly<Partial<Record<ServiceName, ServiceOverrides>>>;
}
