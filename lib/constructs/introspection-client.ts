import { Construct } from 'constructs';
import { OpenidClient } from '@cdktf-providers/keycloak/openid-client';
import { SecretNames } from '../catalog/secret-names';
import { ephemeralPassword, GeneratedSecret } from './generated-secret';

export interface IntrospectionClientProps {
  /** The main realm (5.4 has one realm). */
  readonly realmId: string;
  readonly clientId: string;
  readonly namespace: string;
}

/**
 * 5.4's shared opaque-token introspection client (SECURITY_OAUTH2_CLIENT_CLIENT_ID, FlowX's
 * `flowx-platform-authorize`). Only rendered for 5.4.0, that is, on a rollback: 5.5 removed it.
 */
export class IntrospectionClient extends Construct {
  readonly client: OpenidClient;
  readonly secret: GeneratedSecret;

  constructor(scope: Construct, id: string, props: IntrospectionClientProps) {
    super(scope, id);
    const password = ephemeralPassword(this, 48);
    this.client = new OpenidClient(this, 'client', {
      realmId: props.realmId,
      clientId: props.clientId,
      name: 'FlowX opaque-token introspection (5.4)',
      enabled: true,
      accessType: 'CONFIDENTIAL',
      clientAuthenticatorType: 'client-secret',
      serviceAccountsEnabled: false,
      standardFlowEnabled: false,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
      frontchannelLogoutEnabled: false,
      clientSecretWo: password,
      clientSecretWoVersion: 1,
    });
    const ref = SecretNames.introspectionClientSecret();
    this.secret = new GeneratedSecret(this, 'secret', {
      name: ref.secretName,
      namespace: props.namespace,
      password,
      boundTo: this.client,
      labels: { 'app.kubernetes.io/component': 'introspection-client' },
      data: (value) => ({ [ref.key]: value }),
    });
  }
}
