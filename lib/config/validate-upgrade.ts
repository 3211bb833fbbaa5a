import { GUIDE } from '../catalog/removed-settings';
import type { Release } from '../catalog/types';
import type { EnvironmentConfig } from './environment-config';
import type { Problem } from './problems';

/** Whether a folder holds a usable `flowx-migrate backup`; the reason when not. */
export type BackupCheck = (dir: string) => { readonly ok: boolean; readonly reason?: string };

/**
 * The guide's first step is a backup. A 5.4.0 → 5.5.0 upgrade, declared in `upgrade.from` or
 * seen in the previous synthesized output, needs a backup folder or an explicit acknowledgement.
 */
export function validateUpgrade(config: EnvironmentConfig, previousRelease: Release | undefined, checkBackup: BackupCheck): Problem[] {
  const problems: Problem[] = [];
  const env = config.name;
  const u = config.upgrade;
  const from = u?.from ?? previousRelease;
  if (previousRelease && u?.from && previousRelease !== u.from && previousRelease !== config.platformVersion) {
    problems.push({
      environment: env,
      setting: 'upgrade.from',
      message: `says ${u.from}, but the last synthesized output of this environment declared ${previousRelease}`,
      fix: `set upgrade.from to ${previousRelease}, or remove cdktf.out if that output is stale`,
    });
  }
  if (from === '5.4.0' && config.platformVersion === '5.5.0') {
    if (u?.backup) {
      const check = checkBackup(u.backup);
      if (!check.ok) {
        problems.push({ environment: env, setting: 'upgrade.backup', message: `"${u.backup}" is not a usable backup: ${check.reason ?? 'unknown reason'}`, fix: 'run `flowx-migrate backup --out DIR` and name the folder it wrote' });
      }
    } else if (u?.acknowledgeNoBackup !== true) {
      problems.push({
        environment: env,
        setting: 'upgrade',
        message:
          u?.from === undefined
            ? 'this environment was synthesized as 5.4.0 before and now as 5.5.0, with no backup named'
            : 'upgrading from 5.4.0 to 5.5.0 without a backup',
        fix:
          'back up first (the guide\'s step 1): run `flowx-migrate backup --out DIR`, then set upgrade: { from: \'5.4.0\', backup: \'<the folder it wrote>\' }' +
          ' (or upgrade.acknowledgeNoBackup: true if you backed up by other means). Keycloak clients, Helm values and databases cannot be recovered otherwise' +
          ` (${GUIDE.rollback})`,
      });
    }
  }
  return problems;
}
