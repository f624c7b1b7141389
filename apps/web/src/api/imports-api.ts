import { ImportProgressStatus, ImportReport, ImportUndoResult, type ImportRequestDraft } from '@common-ground/schema';
import { api } from './api-client.js';

/*
 * Imports (workers): a check (dry run) answers with the report; applying answers with it
 * too. A 400 mapping_required carries the CSV's columns and a 400 records_rejected the
 * report: both reach the caller as an ApiError with the body.
 */

export function sendImport(body: ImportRequestDraft): Promise<ImportReport> {
  return api.send('/api/imports', { method: 'POST', body }, ImportReport);
}

/** Undoes an applied import (the worker who applied it, or an admin). */
export function undoImport(importId: string): Promise<ImportUndoResult> {
  return api.send(`/api/imports/${encodeURIComponent(importId)}/undo`, { method: 'POST' }, ImportUndoResult);
}

/** How far the import sent with this progressId has got, as the server last recorded it. */
export function importProgress(progressId: string, signal?: AbortSignal): Promise<ImportProgressStatus> {
  return api.get(`/api/import-progress/${encodeURIComponent(progressId)}`, ImportProgressStatus, signal);
}
