import type { CheckReport, Place } from './check';

/** Version of the `check --json` shape; bumped on any incompatible change (docs/migration.md). */
export const CHECK_SCHEMA = 'flowx-migrate/check@1';

/** `check --json`: the report with a schema tag and counts first. Values are already redacted. */
export function checkJson(report: CheckReport): string {
  const doc = {
    schema: CHECK_SCHEMA,
    exitCode: report.exitCode,
    summary: {
      filesRead: report.files.length,
      unreadable: report.unreadable.length,
      removedSettings: report.removedSettings.length,
      changedDefaults: report.changedDefaults.length,
      clientRenames: report.clientRenames.length,
      missing: report.missing.length,
    },
    files: report.files,
    unreadable: report.unreadable,
    removedSettings: report.removedSettings,
    changedDefaults: report.changedDefaults,
    clientRenames: report.clientRenames,
    missing: report.missing,
    recorded: report.recorded,
    notes: report.notes,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

function where(p: Pick<Place, 'file' | 'line' | 'service'>): string {
  return `${p.file}${p.line !== null ? `:${p.line}` : ''} › ${p.service ?? '(service not detected)'}`;
}

function guides(items: readonly { readonly guide: string }[]): string[] {
  return [...new Set(items.map((i) => i.guide))].map((g) => `  see ${g}`);
}

/** The readable report `check` prints by default. */
export function checkText(report: CheckReport): string {
  const out: string[] = [];
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  out.push(`flowx-migrate check: ${n(report.files.length, 'file')} read${report.unreadable.length ? `, ${report.unreadable.length} unreadable` : ''}`);

  if (report.unreadable.length > 0) {
    out.push('', `Could not read (${report.unreadable.length}):`);
    for (const u of report.unreadable) out.push(`  ${u.file}: ${u.reason}`);
  }
  if (report.removedSettings.length > 0) {
    out.push('', `Removed in 5.5 (${report.removedSettings.length}):`);
    for (const f of report.removedSettings) {
      const spelled = f.setting === f.guideName ? '' : `  (= ${f.guideName})`;
      out.push(`  ${where(f)} › ${f.setting} = ${f.value}${spelled}`);
    }
    out.push('  In 5.5:');
    const seen = new Set<string>();
    for (const f of report.removedSettings.filter((x) => !seen.has(x.guideName) && seen.add(x.guideName))) {
      out.push(`    ${f.guideName} (${f.description}): ${f.replacement}`);
    }
    out.push(...guides(report.removedSettings));
  }
  if (report.changedDefaults.length > 0) {
    out.push('', `Changed defaults pinned explicitly (${report.changedDefaults.length}):`);
    for (const f of report.changedDefaults) {
      out.push(`  ${where(f)} › ${f.setting} = ${f.value}`);
      out.push(`      ${f.problem}; fix: ${f.fix}`);
    }
    out.push(...guides(report.changedDefaults));
  }
  if (report.clientRenames.length > 0) {
    out.push('', `Service-account clients to rename in Keycloak (${report.clientRenames.length}):`);
    for (const r of report.clientRenames) {
      const places = r.foundIn.map((p) => `${p.file}${p.line !== null ? `:${p.line}` : ''}`).join(', ');
      out.push(`  ${r.service ?? '(service not detected)'}: ${r.oldClientId} → ${r.newClientId ?? '(none)'}   (${places})`);
      if (r.note) out.push(`      ${r.note}`);
    }
    out.push(...guides(report.clientRenames));
  }
  if (report.missing.length > 0) {
    out.push('', 'Missing for 5.5 (Organization Manager and what it needs):');
    for (const m of report.missing) out.push(`  - ${m.item}: ${m.detail}`);
    out.push(...guides(report.missing));
  }
  const kc = report.recorded.keycloak;
  if (kc.mainRealm || kc.introspectionClientId || Object.keys(kc.legacyClientIds).length > 0) {
    out.push('', 'This installation\'s 5.4 Keycloak settings (keep them for a rollback; EnvironmentConfig.keycloak):');
    out.push(
      ...JSON.stringify(kc, null, 2)
        .split('\n')
        .map((l) => `  ${l}`),
    );
  }
  for (const c of report.recorded.conflicts) out.push(`  note: ${c}; not recorded`);
  for (const note of report.notes) out.push('', `Note: ${note}`);

  const findings = report.removedSettings.length + report.changedDefaults.length + report.clientRenames.length + report.missing.length;
  out.push(
    '',
    report.exitCode === 0
      ? 'Nothing to change for 5.5.'
      : `${n(findings, 'finding')}${report.unreadable.length ? `, ${n(report.unreadable.length, 'unreadable input')}` : ''} (exit ${report.exitCode}).`,
  );
  return out.join('\n') + '\n';
}
