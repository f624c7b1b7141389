import type { ImportReport, ImportReportRow } from '@common-ground/schema';

/*
 * An import report for people: rejections counted by reason (the CLI and the upload
 * screen), and the whole report as a CSV a worker can open in a spreadsheet.
 */

/** A reason without the record's own values (quoted text, postcodes, numbers), so that like rejections count together. */
export function reasonOf(issue: { field: string | null; message: string }): string {
  const general = issue.message
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b/g, '<postcode>')
    .replace(/-?\d+(\.\d+)?/g, 'N');
  return `${issue.field ? `${issue.field}: ` : ''}${general}`;
}

/** How many records have each reason, most common first (a record counts once per reason). */
export function countByReason(rows: readonly ImportReportRow[]): [reason: string, records: number][] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    for (const reason of new Set(r.issues.map(reasonOf))) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

const cell = (v: string | number | null | undefined): string => {
  const s = v === null || v === undefined ? '' : String(v);
  // Formula-looking text is defused, as our exports do: a spreadsheet must not run it.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The report as CSV: one line per record, then one per retired asset. */
export function reportCsv(report: ImportReport): string {
  const header = [
    'outcome',
    'where',
    'name',
    'source_id',
    'asset_id',
    'matched_asset',
    'match_rule',
    'match_reason',
    'possible_duplicates',
    'fields',
    'messages',
  ];
  const lines = [header.join(',')];
  for (const r of report.rows) {
    lines.push(
      [
        r.outcome,
        r.line !== null ? `line ${r.line}` : r.ref,
        r.name,
        r.sourceId,
        r.assetId,
        r.matched?.name,
        r.matched?.rule,
        r.matched?.reason,
        r.possibleDuplicates.map((d) => `${d.name} (${d.categoryCode}, ${d.distanceMetres} m)`).join('; '),
        r.issues
          .map((i) => i.field)
          .filter(Boolean)
          .join('; '),
        r.issues.map((i) => i.message).join('; '),
      ]
        .map(cell)
        .join(','),
    );
  }
  for (const r of report.retired) {
    lines.push(['retired', '', r.name, r.sourceId, r.assetId, '', '', 'no longer in the file', '', '', ''].map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
