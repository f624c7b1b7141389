import { findUnstorableText, withUnstorableReplaced } from '@common-ground/schema';
import { ImportFileError, type ImportCandidate, type ImportIssue, type ImportRejection } from './types.js';

/**
 * Fields of a record holding text PostgreSQL cannot store (a NUL, half a surrogate pair:
 * a file's `\u0000` or `\ud800` escape, an XML `&#xD800;` reference, a raw NUL byte), as
 * issues naming each field. Every reader's records pass here, so none reaches the database.
 */
function unstorableFields(record: ImportCandidate): ImportIssue[] {
  // The reader's own notes are not stored; everything else of the record is.
  return findUnstorableText({ ...record, issues: [] }).map((found) => ({
    field: found.path.filter((p) => typeof p === 'string').join('.') || null,
    message: `has text that cannot be stored: it ${found.message}`,
  }));
}

/**
 * Gathers a reader's output so that every input record ends up in exactly one list, and
 * stops a huge file as soon as it passes `maxRecords` (rather than after parsing it all).
 */
export class Collector {
  readonly records: ImportCandidate[] = [];
  readonly rejected: ImportRejection[] = [];
  constructor(private readonly maxRecords: number | undefined) {}

  private count(): void {
    const total = this.records.length + this.rejected.length;
    if (this.maxRecords !== undefined && total > this.maxRecords) {
      throw new ImportFileError(`The file has more than ${this.maxRecords} records, the most one import takes. Split it into smaller files.`);
    }
  }

  accept(record: ImportCandidate): void {
    const unstorable = unstorableFields(record);
    if (unstorable.length > 0) {
      this.reject(record, unstorable);
      return;
    }
    this.records.push(record);
    this.count();
  }

  reject(at: { ref: string; line?: number | null; sourceId?: string | null; name?: string | null }, issues: ImportIssue[]): void {
    // The report shows what it can of the record; text that cannot be stored is shown as �.
    const shown = (value: string | null | undefined) => (value == null ? null : withUnstorableReplaced(value));
    this.rejected.push({ ref: shown(at.ref)!, line: at.line ?? null, sourceId: shown(at.sourceId), name: shown(at.name), issues });
    this.count();
  }

  /** Checks a count known up front (array length, rows), so a huge file fails before any work. */
  expect(total: number): void {
    if (this.maxRecords !== undefined && total > this.maxRecords) {
      throw new ImportFileError(`The file has ${total} records; one import takes at most ${this.maxRecords}. Split it into smaller files.`);
    }
  }
}
