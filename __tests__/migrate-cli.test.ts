import * as path from 'node:path';
import { run } from '../bin/flowx-migrate';
import { main, USAGE } from '../lib/migrate/cli';
import { CHECK_SCHEMA } from '../lib/migrate/check-report';
import { DIFF_SCHEMA } from '../lib/migrate/diff-report';
import { ENVIRONMENTS } from '../stacks/environments';

const fixtures = path.join(__dirname, 'fixtures', 'migrate');

function cli(argv: string[], environments = ENVIRONMENTS) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: fixtures, environments });
  return { code, stdout, stderr };
}

describe('flowx-migrate check', () => {
  test('exit 0 and says so when nothing is to change', () => {
    const { code, stdout } = cli(['check', 'ready-5.5']);
    expect(code).toBe(0);
    expect(stdout).toBe('flowx-migrate check: 1 file read\n\nNothing to change for 5.5.\n');
  });
  test('exit 1 with readable findings, paths relative to the working directory', () => {
    const { code, stdout } = cli(['check', 'installation-5.4/helm/values-5.4.yaml', 'installation-5.4/k8s']);
    expect(code).toBe(1);
    expect(stdout).toContain('flowx-migrate check: 2 files read\n');
    expect(stdout).toContain('\nRemoved in 5.5 (');
    expect(stdout).toContain('  installation-5.4/helm/values-5.4.yaml:15 › process-engine › SECURITY_OAUTH2_REALM = flowx\n');
    expect(stdout).toContain('  installation-5.4/helm/values-5.4.yaml:37 › admin › security.type = OAuth2\n');
    expect(stdout).toContain('  admin: flowx-admin-client → flowx-admin-sa   (installation-5.4/helm/values-5.4.yaml:40)\n');
    expect(stdout).toContain('  - organization-manager 10.19.2: new in 5.5');
    expect(stdout).toMatch(/\d+ findings \(exit 1\)\.\n$/);
  });
  test('exit 2 names each unreadable input and still reports the rest', () => {
    const { code, stdout } = cli(['check', 'broken', 'installation-5.4', 'nowhere.yaml']);
    expect(code).toBe(2);
    expect(stdout).toContain('Could not read (3):\n  nowhere.yaml: no such file or folder\n  broken/admin.env: not a .env file: line 2 is not KEY=VALUE\n');
    expect(stdout).toContain('Removed in 5.5');
    expect(stdout).toMatch(/\(exit 2\)\.\n$/);
  });
  test('--json prints the documented shape; unreadable inputs also go to stderr', () => {
    const { code, stdout, stderr } = cli(['check', '--json', 'installation-5.4', 'broken/admin.env']);
    expect(code).toBe(2);
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc)).toEqual(['schema', 'exitCode', 'summary', 'files', 'unreadable', 'removedSettings', 'changedDefaults', 'clientRenames', 'missing', 'recorded', 'notes']);
    expect(doc).toMatchObject({ schema: CHECK_SCHEMA, exitCode: 2, summary: { filesRead: 3, unreadable: 1 } });
    expect(doc.files[0]).toEqual({ file: 'installation-5.4/env/integration-designer.env', format: 'dotenv', services: ['integration-designer'], variables: 7 });
    expect(doc.removedSettings[0]).toEqual({
      file: 'installation-5.4/env/integration-designer.env',
      line: 4,
      location: 'SECURITY_OAUTH2_REALM',
      service: 'integration-designer',
      setting: 'SECURITY_OAUTH2_REALM',
      guideName: 'SECURITY_OAUTH2_REALM',
      description: 'OAuth2 realm name',
      value: 'flowx',
      replacement: expect.stringContaining('SECURITY_OAUTH2_SA_REALM'),
      guide: expect.stringContaining('Removed environment variables'),
    });
    expect(stderr).toBe('flowx-migrate: cannot read broken/admin.env: not a .env file: line 2 is not KEY=VALUE\n');
  });
  test('--format json is the same as --json', () => {
    expect(cli(['check', '--format', 'json', 'ready-5.5']).stdout).toBe(cli(['check', '--json', 'ready-5.5']).stdout);
  });
});

describe('flowx-migrate diff', () => {
  test('defaults to 5.4.0 → 5.5.0 in Markdown', () => {
    const { code, stdout } = cli(['diff']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^## FlowX\.AI 5\.4\.0 → 5\.5\.0: catalog defaults\n/);
  });
  test('--from 5.5.0 --to 5.4.0 --json', () => {
    const doc = JSON.parse(cli(['diff', '--from', '5.5.0', '--to', '5.4.0', '--json']).stdout);
    expect(doc).toMatchObject({ schema: DIFF_SCHEMA, from: '5.5.0', to: '5.4.0', summary: { removed: 1 } });
  });
  test('--environment takes a configured environment', () => {
    const { code, stdout } = cli(['diff', '--environment', 'production']);
    expect(code).toBe(0);
    expect(stdout).toContain('## FlowX.AI 5.4.0 → 5.5.0: environment `production`');
    expect(stdout).toContain('mirror.bank.internal/flowx-ai/admin:10.53.0');
  });
});

describe('usage errors exit 2 with the usage on stderr', () => {
  test.each([
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['check'], 'check needs at least one file or folder'],
    [['check', '--yaml', 'x'], "Unknown option '--yaml'"],
    [['check', '--format', 'html', 'x'], 'check prints text or json, not "html"'],
    [['diff', '--from', '5.3.0'], '--from 5.3.0: the catalog has 5.4.0, 5.5.0'],
    [['diff', '--format', 'html'], 'diff prints markdown or json, not "html"'],
    [['diff', '--environment', 'staging'], 'no environment "staging"; configured: default, production'],
    [['diff', 'extra'], 'Unexpected argument'],
  ])('%j', (argv, message) => {
    const { code, stdout, stderr } = cli(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toContain(USAGE);
  });
  test('help prints the usage and exits 0', () => {
    expect(cli([])).toEqual({ code: 0, stdout: USAGE, stderr: '' });
    expect(cli(['--help']).code).toBe(0);
  });
});

describe('bin/flowx-migrate', () => {
  test('runs the command line with the project\'s environments and returns the exit code', () => {
    let out = '';
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    try {
      expect(run(['diff', '--environment', 'production', '--json'])).toBe(0);
    } finally {
      write.mockRestore();
    }
    expect(JSON.parse(out)).toMatchObject({ environment: 'production' });
  });
});
