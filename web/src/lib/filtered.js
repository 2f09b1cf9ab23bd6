// A list read with filters some servers do not know yet. A server older than a filter refuses it
// as an unknown parameter (400 naming the field); the filter is then applied here instead, on
// pages read one after another until some entry matches, and the screen says so (`local` names
// the filters applied here). What the server refused is remembered for the rest of the visit.
import { api, query } from './api.js';

const refused = new Set();
const SCAN = 500; // entries read per page while filtering here
const SCAN_PAGES = 10; // pages read at most before showing what was found (and "more")

/*
 * A page of `path` filtered by `params`. `optional` names the filters a server may not know;
 * `match(item, keys)` says whether an item passes the filters named in `keys` (those applied
 * here); with `always`, `match` is applied to every page even when the server knew them all.
 * Answers {items, next, local}.
 */
export async function readFiltered(path, params, { optional, match, always = false, cursor = null, limit = 100 }) {
  for (;;) {
    const local = optional.filter((k) => params[k] && refused.has(`${path}|${k}`));
    const sent = { ...params };
    for (const k of local) delete sent[k];
    try {
      if (!local.length && !always) return { ...(await api.get(`${path}${query({ ...sent, limit, cursor })}`)), local };
      const items = [];
      let next = cursor;
      for (let i = 0; i < SCAN_PAGES; i++) {
        const page = await api.get(`${path}${query({ ...sent, limit: SCAN, cursor: next })}`);
        items.push(...page.items.filter((item) => match(item, local)));
        next = page.next;
        if (items.length || !next) break;
      }
      return { items, next, local };
    } catch (e) {
      const unknown = e.status === 400 && optional.find((k) => params[k] && !local.includes(k) && k in e.fieldErrors);
      if (!unknown) throw e;
      refused.add(`${path}|${unknown}`);
    }
  }
}

/* Every page of `path` filtered as readFiltered does, for small directories (coordinators). */
export async function readAllFiltered(path, params, options) {
  const items = [];
  let cursor = null;
  do {
    const page = await readFiltered(path, params, { ...options, cursor, limit: 500 });
    items.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return items;
}
