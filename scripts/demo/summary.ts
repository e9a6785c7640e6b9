/** The readable summary the demo prints at the end of a run. */
import type { DemoResult } from './replay';

const mean = (value: number | null | undefined) => (value == null ? '–' : value.toFixed(2));

/** A readable summary of a finished run. */
export const summarize = (result: DemoResult, reportFile?: string): string => {
  const { report } = result;
  const p = report.participants;
  const lines = [
    '',
    `Year report ${report.year}${report.frozenAt ? ` (frozen ${report.frozenAt})` : ' (NOT frozen)'}`,
    `  Members              ${report.members.count} (joined during the year: ${report.members.joined.map((c) => `${c} ${report.members.names[c] ?? ''}`.trim()).join(', ') || 'none'})`,
    `  Meetings             ${report.meetings.total}: ${report.meetings.physical} physical (${report.meetings.twoDay} over two days), ${report.meetings.digital} digital`,
  ];
  for (const [group, counts] of Object.entries(report.meetings.byFocusGroup)) {
    const name = report.focusGroupNames[group]?.sv ?? group;
    lines.push(
      `    ${name.padEnd(24)} ${counts.total}: ${counts.physical} physical (${counts.twoDay} two-day), ${counts.digital} digital`,
    );
  }
  lines.push(
    `  Unique officials     ${p.unique}`,
    `  Participations       ${p.participations} (person-days ${p.personDays}; walk-ins ${p.walkIns})`,
    `  Registrations        ${p.registrations} (cancelled ${p.cancellations}; no-shows ${p.noShows})`,
    `  Ratings (1–6)        satisfaction ${mean(report.ratings.satisfaction.mean)}, usefulness ${mean(report.ratings.usefulness.mean)}; ` +
      `${report.ratings.satisfaction.answers} answers, response rate ${report.ratings.responseRate == null ? '–' : `${Math.round(report.ratings.responseRate * 100)} %`}`,
    '  Per meeting          (participations, satisfaction / usefulness)',
  );
  for (const line of report.perMeeting) {
    lines.push(
      `    ${line.days[0]}${line.days.length > 1 ? '+' : ' '} ${line.kind === 'physical' ? 'P' : 'D'} ${String(line.participations).padStart(3)}  ` +
        `${mean(line.satisfaction.mean)} / ${mean(line.usefulness.mean)}  ${line.title}`,
    );
  }
  const full = result.meetings.filter((m) => m.waitlisted > 0);
  for (const m of full)
    lines.push(
      `  Waiting list         ${m.days[0]} ${m.title}: ${m.registered} registered, ${m.waitlisted} waitlisted, ` +
        `${m.cancelled} cancelled, ${m.promoted} promoted`,
    );
  lines.push(
    `  Survey respondents   ${Object.entries(report.survey.respondentsByYear)
      .map(([year, n]) => `${year}: ${n}`)
      .join(', ')}`,
    `  Invoices for 2024    ${result.invoices}${result.notInvoiced.length > 0 ? ` (not invoiced: ${result.notInvoiced.join(', ')})` : ''}`,
    `  Report formats       CSV ${typeof result.formats.csv === 'number' ? `${result.formats.csv} bytes` : result.formats.csv}, HTML ${typeof result.formats.html === 'number' ? `${result.formats.html} bytes` : result.formats.html}`,
    `  Mails sent           ${result.mails}`,
    `  Elapsed              ${(result.elapsedMs / 1000).toFixed(1)} s`,
  );
  if (reportFile) lines.push(`  Report JSON          ${reportFile}`);
  if (result.anomalies.length > 0) {
    lines.push('', 'Anomalies (the product did not do what the plan expected):');
    for (const anomaly of result.anomalies) lines.push(`  - ${anomaly}`);
  }
  lines.push(
    '',
    'Meeting and registration ids are random UUIDs from the system: two runs with the same seed give',
    'the same figures, not the same ids.',
    '',
  );
  return lines.join('\n');
};
