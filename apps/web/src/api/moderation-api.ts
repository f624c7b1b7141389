import { ModerationQueue, SubmissionList, type Submission } from '@common-ground/schema';
import { AnyWriteAnswer, api } from './api-client.js';

/** Proposals and moderation: my submissions, the moderation queue, reviews and reports. Every answer is parsed with the shared schemas. */

const enc = encodeURIComponent;

export async function mySubmissions(signal?: AbortSignal): Promise<Submission[]> {
  return (await api.get('/api/me/submissions', SubmissionList, signal)).submissions;
}

export async function withdrawSubmission(id: string): Promise<void> {
  await api.send(`/api/submissions/${enc(id)}/withdraw`, { method: 'POST' }, AnyWriteAnswer);
}

export function moderationQueue(signal?: AbortSignal): Promise<ModerationQueue> {
  return api.get('/api/moderation/queue', ModerationQueue, signal);
}

export async function reviewSubmission(id: string, decision: 'approve' | 'reject' | 'request_changes', reason?: string): Promise<void> {
  const body = reason?.trim() ? { decision, reason } : { decision };
  await api.send(`/api/submissions/${enc(id)}/review`, { method: 'POST', body }, AnyWriteAnswer);
}

export async function resolveReport(id: string, status: 'resolved' | 'dismissed', note?: string): Promise<void> {
  const body = note?.trim() ? { status, note } : { status };
  await api.send(`/api/reports/${enc(id)}/resolve`, { method: 'POST', body }, AnyWriteAnswer);
}
