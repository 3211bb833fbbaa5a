import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { Realm } from '@cdktf-providers/keycloak/realm';
import { formatProblem } from '../config/problems';
import { validateServiceAccounts } from './service-account-validation';

/** Token settings of the service-account realm; every field has a default. */
export interface ServiceAccountTokenSettings {
  /**
   * Service tokens are fetched again by client_credentials whenever they expire, so a
   * short life costs one request and limits what a leaked token is worth.
   * @default '5m'
   */
  readonly accessTokenLifespan?: string;
  /** @default 'external' */
  readonly sslRequired?: 'none' | 'external' | 'all';
}

export interface ServiceAccountRealmProps {
  /** Name of the service-account realm; the same value feeds SECURITY_OAUTH2_SA_REALM. */
  readonly realmName: string;
  /** @default - see ServiceAccountTokenSettings */
  readonly tokens?: ServiceAccountTokenSettings;
  /** Name of the main realm, only to check the two differ. @default - not checked */
  readonly mainRealmName?: string;
  /** Environment named in problems. @default - the stack's id */
  readonly environment?: string;
}

export const DEFAULT_SERVICE_ACCOUNT_TOKENS: Required<ServiceAccountTokenSettings> = {
  accessTokenLifespan: '5m',
  sslRequired: 'external',
};

/**
 * The 5.5 service-account realm (machines only: no registration, no password reset).
 */
export class ServiceAccountRealm extends Construct {
  readonly realm: Realm;
  /** The SA realm's id as a reference: clients created in it depend on the realm. */
  readonly realmId: string;
  readonly tokens: Required<ServiceAccountTokenSettings>;

  constructor(scope: Construct, id: string, props: ServiceAccountRealmProps) {
    super(scope, id);
    this.tokens = { ...DEFAULT_SERVICE_ACCOUNT_TOKENS, ...props.tokens };
    this.realm = new Realm(this, 'realm', {
      realm: props.realmName,
      enabled: true,
      displayName: 'FlowX service accounts',
      accessTokenLifespan: this.tokens.accessTokenLifespan,
      sslRequired: this.tokens.sslRequired,
      registrationAllowed: false,
      resetPasswordAllowed: false,
      rememberMe: false,
    });
    this.realmId = this.realm.id;

    this.node.addValidation({
      validate: () =>
        validateServiceAccounts(props.environment ?? TerraformStack.of(this).node.id, {
          release: '5.5.0',
          serviceAccountRealm: props.realmName,
          ...(props.mainRealmName ? { mainRealm: props.mainRealmName } : {}),
          services: [],
        }).map(formatProblem),
    });
  }
}
