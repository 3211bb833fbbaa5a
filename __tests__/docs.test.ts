import * as path from 'node:path';
import { staleFiles } from '../lib/docs/generated-files';
import { contractReference } from '../lib/docs/reference-tables';

describe('generated reference docs', () => {
  test('the committed copies are current (run `npm run docs` if this fails)', () => {
    expect(staleFiles(path.resolve(__dirname, '..'))).toEqual([]);
  });
  test('the 5.5 reference shows secrets as references and the sa-realm token URI', () => {
    const doc = contractReference('5.5.0');
    expect(doc).toContain('| `SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_MAINIDENTITY_CLIENT_SECRET` | secret flowx-admin-sa-credentials/client-secret |');
    expect(doc).toContain('$(SECURITY_OAUTH2_BASE_SERVER_URL)/realms/$(SECURITY_OAUTH2_SA_REALM)/protocol/openid-connect/token');
    expect(doc).not.toContain('OPAQUE_TOKEN');
  });
});
