import {
  AreaProfile,
  Asset,
  CategoryList,
  ClientConfig,
  ErrorBody,
  SearchResults,
  type ErrorCode,
  SourceList,
  SuggestResults,
  type Category,
  type DataSource,
  type Suggestion,
} from '@common-ground/schema';
import { z } from 'zod';

const WordedBody = z.object({ message: z.string() });

/** The answer of a write whose body the caller does not read (it only needs the status). */
export const AnyWriteAnswer = z.unknown();

/**
 * A failed API call. `code` is the API's own error code (`not_found`, `invalid_request` …),
 * or one of ours: `network_error` (no response), `invalid_response` (a body that does not
 * match the contract) and `http_error` (a non-JSON error page, e.g. from a proxy).
 */
export type ClientErrorCode = 'network_error' | 'invalid_response' | 'http_error';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    /** Per-field problems from a 400 (`path` such as `querystring.postcode`). */
    readonly issues: readonly { path: string; message: string }[] = [],
    /** The whole error body as sent (a 409 carries both versions in it). */
    readonly body: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiClientOptions {
  /** Prefix for every path; '' means the page's own origin (the API serves the app). */
  baseUrl?: string;
  /** Injected so tests can answer without a network. */
  fetch?: typeof fetch;
}

/** A state-changing request: the method, and the JSON body if any. */
export interface SendOptions {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

export interface ApiClient {
  /**
   * The signed-in session's CSRF token (from `Me`), sent as `x-csrf-token` on every
   * state-changing request; null when signed out. Kept here and nowhere else.
   */
  setCsrfToken(token: string | null): void;
  /** A GET of any path, parsed with `schema`. */
  get<S extends z.ZodType>(path: string, schema: S, signal?: AbortSignal): Promise<z.infer<S>>;
  /**
   * A state-changing request. `schema` parses a JSON answer; null expects no body (204).
   * A non-2xx answer throws an ApiError carrying the parsed error body (`error.body`).
   */
  send<S extends z.ZodType>(path: string, options: SendOptions, schema: S): Promise<z.infer<S>>;
  send(path: string, options: SendOptions, schema: null): Promise<void>;
  getConfig(signal?: AbortSignal): Promise<ClientConfig>;
  getCategories(signal?: AbortSignal): Promise<Category[]>;
  getSources(signal?: AbortSignal): Promise<DataSource[]>;
  getArea(code: string, signal?: AbortSignal): Promise<AreaProfile>;
  getAsset(id: string, signal?: AbortSignal): Promise<Asset>;
  /** `params` are /api/search's query parameters (see `SearchQuery`). */
  search(params: URLSearchParams, signal?: AbortSignal): Promise<SearchResults>;
  /** What a search box offers for some typed words, in display order (see `SuggestQuery`). */
  suggest(q: string, options?: { limit?: number; signal?: AbortSignal }): Promise<Suggestion[]>;
}

/**
 * A typed client for the Common Ground API. Every response is parsed with the shared zod
 * schema, so a contract drift fails loudly here instead of as `undefined` in the UI.
 * @example
 * const api = createApiClient();
 * const area = await api.getArea('E01000001');
 */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? '';
  // Bound so a browser's fetch is not called with the client as `this` ("Illegal invocation").
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));

  let csrfToken: string | null = null;

  async function call<S extends z.ZodType>(
    path: string,
    init: { method: string; body?: unknown; signal?: AbortSignal | undefined },
    schema: S | null,
  ): Promise<z.infer<S>> {
    const { signal } = init;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (init.method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method: init.method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        credentials: 'same-origin',
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError(0, 'network_error', 'Could not reach the Common Ground server. Check your connection and try again.');
    }
    const body: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
    signal?.throwIfAborted();
    if (!response.ok) {
      const parsed = ErrorBody.safeParse(body);
      if (parsed.success) throw new ApiError(response.status, parsed.data.code, parsed.data.message, parsed.data.issues ?? [], body);
      // A code this build does not know (a newer server's): its words are still worth showing.
      const worded = WordedBody.safeParse(body);
      throw new ApiError(
        response.status,
        'http_error',
        worded.success ? worded.data.message : `The server answered ${response.status} ${response.statusText}`.trim(),
        [],
        body,
      );
    }
    if (schema === null) return undefined as z.infer<S>;
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'unknown';
      throw new ApiError(response.status, 'invalid_response', `Unexpected response from ${path} (${where})`);
    }
    return parsed.data;
  }

  function get<S extends z.ZodType>(path: string, schema: S, signal?: AbortSignal): Promise<z.infer<S>> {
    return call(path, { method: 'GET', signal }, schema);
  }

  function send<S extends z.ZodType>(path: string, options: SendOptions, schema: S): Promise<z.infer<S>>;
  function send(path: string, options: SendOptions, schema: null): Promise<void>;
  function send<S extends z.ZodType>(path: string, options: SendOptions, schema: S | null): Promise<z.infer<S> | void> {
    return call(path, options, schema);
  }

  return {
    setCsrfToken: (token) => {
      csrfToken = token;
    },
    get,
    send,
    getConfig: (signal) => get('/api/config', ClientConfig, signal),
    getCategories: async (signal) => (await get('/api/categories', CategoryList, signal)).categories,
    getSources: async (signal) => (await get('/api/sources', SourceList, signal)).sources,
    getArea: (code, signal) => get(`/api/areas/${encodeURIComponent(code)}`, AreaProfile, signal),
    getAsset: (id, signal) => get(`/api/assets/${encodeURIComponent(id)}`, Asset, signal),
    search: (params, signal) => get(`/api/search?${params.toString()}`, SearchResults, signal),
    suggest: async (q, { limit = 5, signal } = {}) => {
      const params = new URLSearchParams({ q, limit: String(limit) });
      return (await get(`/api/suggest?${params.toString()}`, SuggestResults, signal)).suggestions;
    },
  };
}

/** The client the app uses: same origin as the page. */
export const api: ApiClient = createApiClient();

/** Words for an error caught from the client, fit to show a user. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

/** True when the error only says a request was abandoned (a newer one replaced it). */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
