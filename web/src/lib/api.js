// The one way the UI reaches data: /api/v1, as any other client of Ura would.
//
// The session lives in an HttpOnly cookie the script cannot read; the CSRF token that writes
// need is kept here, in memory only (never in browser storage). Problems (RFC 9457) come back
// in the language the user chose, because every request says which one it wants.

const BASE = '/api/v1';
let csrfToken = null;
let language = 'sq';
let sessionLost = null;

export function setCsrfToken(token) {
  csrfToken = token;
}
export function setApiLanguage(lang) {
  language = lang;
}
/* Called once with the problem when a request that needed a session gets 401. */
export function onSessionLost(handler) {
  sessionLost = handler;
}

export class ApiError extends Error {
  constructor(status, problem, headers) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.headers = headers;
  }
  /* The field errors of a 400/422, as {path: message}. */
  get fieldErrors() {
    const out = {};
    for (const e of this.problem.errors || []) if (!(e.field in out)) out[e.field] = e.message;
    return out;
  }
  get retryAfter() {
    const s = Number(this.headers?.get('Retry-After'));
    return Number.isFinite(s) && s > 0 ? s : null;
  }
}

/* `?a=1&b=x` from an object, leaving out empty values; '' when nothing is left. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {}))
    if (v !== undefined && v !== null && v !== '' && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

const inflight = new Set();

/* Resolves once every request under way has finished (the idle lock waits for them before
 * it ends the session, so none of them comes back refused). */
export function requestsSettled() {
  return Promise.allSettled([...inflight]);
}

export function request(method, path, opts = {}) {
  const p = send(method, path, opts);
  inflight.add(p);
  p.finally(() => inflight.delete(p)).catch(() => {});
  return p;
}

async function send(method, path, { body, ifMatch, quiet, file, raw, extraHeaders } = {}) {
  const headers = { Accept: file ? '*/*' : 'application/json', 'Accept-Language': language, ...extraHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (raw !== undefined) headers['Content-Type'] = 'application/octet-stream';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (ifMatch) headers['If-Match'] = ifMatch;
  let res;
  try {
    res = await fetch(BASE + path, {
      method,
      headers,
      body: raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch (e) {
    throw new ApiError(0, { title: 'network' }, null);
  }
  const type = res.headers.get('Content-Type') || '';
  const data = res.ok && file ? await res.blob() : res.status !== 204 && type.includes('json') ? await res.json() : null;
  if (!res.ok) {
    const err = new ApiError(res.status, data || {}, res.headers);
    if (res.status === 401 && !quiet && sessionLost) sessionLost(err);
    throw err;
  }
  return { data, etag: res.headers.get('ETag'), status: res.status };
}

const body = (method) => (path, data, opts) =>
  request(method, path, { ...opts, body: data ?? {} }).then((r) => r.data);

export const api = {
  get: (path, opts) => request('GET', path, opts).then((r) => r.data),
  post: body('POST'),
  put: body('PUT'),
  patch: body('PATCH'),
  del: (path, opts) => request('DELETE', path, opts).then((r) => r.data),
};

/*
 * A file sent as the body of a POST (an attachment): the bytes as they are, the name in the
 * X-File-Name header, percent-encoded (a name is personal data: never in the address).
 */
export function upload(path, file, params) {
  const extraHeaders = { 'X-File-Name': encodeURIComponent(file.name) };
  return request('POST', path + query(params), { raw: file, extraHeaders }).then((r) => r.data);
}

/*
 * A file the API makes (a report as CSV or XLSX), saved as `name`. Fetched here rather than
 * followed as a link, so that it is written in the language the user chose (the request says
 * it) and not in the browser's.
 */
export async function download(path, name) {
  const { data } = await request('GET', path, { file: true });
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/* Every page of a list, for small directories (institutions, mechanisms). */
export async function getAll(path, params = {}) {
  const items = [];
  let cursor = null;
  do {
    const page = await api.get(path + query({ ...params, limit: 500, cursor }));
    items.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return items;
}
