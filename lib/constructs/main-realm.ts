import { Construct } from 'constructs';
import { Realm } from '@cdktf-providers/keycloak/realm';
import { DataKeycloakRealm } from '@cdktf-providers/keycloak/data-keycloak-realm';

export interface MainRealmProps {
  readonly name: string;
  /** `managed` creates the realm; `existing` only reads it (a data source). */
  readonly mode: 'managed' | 'existing';
}

/**
 * The main (user) realm, created or referenced. Its own construct with one id in every release:
 * a rollback that moved it would give it a new Terraform address, that is, destroy the users' realm.
 */
export class MainRealm extends Construct {
  readonly realm: Realm | DataKeycloakRealm;
  /** The realm's id as a reference, so what lives in it is created after it. */
  readonly realmId: string;

  constructor(scope: Construct, id: string, props: MainRealmProps) {
    super(scope, id);
    this.realm =
      props.mode === 'managed'
        ? new Realm(this, 'realm', { realm: props.name, enabled: true })
        : new DataKeycloakRealm(this, 'realm', { realm: props.name });
    this.realmId = this.realm.id;
  }
}
