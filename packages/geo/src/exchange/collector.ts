import { ImportFileError, type ImportCandidate, type ImportIssue, type ImportRejection } from './types.js';

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
      throw new ImportFileError(
        `The file has more than ${this.maxRecords} records, the most one import takes. Split it into smaller files.`,
      );
    }
  }

  accept(record: ImportCandidate): void {
    this.records.push(record);
    this.count();
  }

  reject(
    at: { ref: string; line?: number | null; sourceId?: string | null; name?: string | null },
    issues: ImportIssue[],
  ): void {
    this.rejected.push({ ref: at.ref, line: at.line ?? null, sourceId: at.sourceId ?? null, name: at.name ?? null, issues });
    this.count();
  }

  /** Checks a count known up front (array length, rows), so a huge file fails before any work. */
  expect(total: number): void {
    if (this.maxRecords !== undefined && total > this.maxRecords) {
      throw new ImportFileError(
        `The file has ${total} records; one import takes at most ${this.maxRecords}. Split it into smaller files.`,
      );
    }
  }
}
