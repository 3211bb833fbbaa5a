import type { DiffReport, ServiceDiff } from './diff';

/** Version of the `diff --json` shape; bumped on any incompatible change (docs/migration.md). */
export const DIFF_SCHEMA = 'flowx-migrate/diff@1';

function summary(report: DiffReport) {
  const count = (s: ServiceDiff['status']) => report.services.filter((x) => x.status === s).length;
  return { added: count('added'), removed: count('removed'), changed: count('changed'), unchanged: count('unchanged') };
}

export function diffJson(report: DiffReport): string {
  const doc = {
    schema: DIFF_SCHEMA,
    from: report.from,
    to: report.to,
    environment: report.environment,
    summary: summary(report),
    services: report.services.map((s) => ({
      service: s.service,
      displayName: s.displayName,
      status: s.status,
      image: s.image,
      variables: { added: s.added, removed: s.removed, changed: s.changed, unchanged: s.unchanged },
    })),
    notes: report.notes,
    problems: report.problems,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** A table cell holding code: pipes escaped, empty shown as nothing. */
function code(text: string | null | undefined): string {
  if (text === null || text === undefined || text === '') return '';
  const safe = text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return safe.includes('`') ? `\`\` ${safe} \`\`` : `\`${safe}\``;
}

function tag(image: string | null): string | undefined {
  return image?.slice(image.lastIndexOf(':') + 1);
}
function repository(image: string | null): string | undefined {
  return image?.slice(0, image.lastIndexOf(':'));
}

/** `10.38.0 → 10.60.0`, or the full references when the repository changes too. */
function imageChange(s: ServiceDiff): string {
  const { from, to } = s.image;
  if (from === to) return `${tag(from) ?? '–'} (unchanged)`;
  if (from && to && repository(from) === repository(to)) return `${tag(from)} → ${tag(to)}`;
  if (!from || !to) return `${tag(from) ?? '–'} → ${tag(to) ?? '–'}`;
  return `${from} → ${to}`;
}

/** The Markdown `diff` prints by default, for review in a pull request. */
export function diffMarkdown(report: DiffReport): string {
  const { from, to } = report;
  const out: string[] = [];
  const counts = summary(report);
  out.push(`## FlowX.AI ${from} → ${to}: ${report.environment ? `environment \`${report.environment}\`` : 'catalog defaults'}`);
  out.push('');
  out.push(
    `Rendered from the environment contract the stack synthesizes. ${report.services.length} services: ` +
      `${counts.added} added, ${counts.removed} removed, ${counts.changed} changed, ${counts.unchanged} unchanged.`,
  );
  if (report.notes.length > 0) {
    out.push('');
    for (const n of report.notes) out.push(`> ${n}`);
  }
  if (report.problems.length > 0) {
    out.push('', '**The stack would refuse this configuration:**', '');
    for (const p of report.problems) out.push(`- ${p}`);
  }
  out.push('', '| service | status | image | added | removed | changed |', '|---|---|---|---:|---:|---:|');
  for (const s of report.services) {
    out.push(`| \`${s.service}\` | ${s.status} | ${imageChange(s)} | ${s.added.length} | ${s.removed.length} | ${s.changed.length} |`);
  }
  for (const s of report.services.filter((x) => x.status !== 'unchanged')) {
    out.push('', `### \`${s.service}\` (${s.displayName}): ${s.status}`, '');
    out.push(`Image: ${code(s.image.from) || '–'} → ${code(s.image.to) || '–'}`);
    if (s.added.length + s.removed.length + s.changed.length === 0) continue;
    out.push('', `| | variable | ${from} | ${to} |`, '|---|---|---|---|');
    for (const c of s.changed) {
      const name = c.fromName ? `${code(c.fromName)} → ${code(c.name)}` : code(c.name);
      out.push(`| ~ | ${name} | ${code(c.from)} | ${code(c.to)} |`);
    }
    for (const a of s.added) out.push(`| + | ${code(a.name)} | | ${code(a.value)} |`);
    for (const r of s.removed) out.push(`| − | ${code(r.name)} | ${code(r.value)} | |`);
  }
  return out.join('\n') + '\n';
}
