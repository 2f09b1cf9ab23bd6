// Turning form values into request bodies: empty answers are left out (the server then says
// what is required), and an optional part the user did not touch is not sent at all.

function empty(v) {
  return v === '' || v === null || v === undefined || (Array.isArray(v) && v.length === 0);
}

/* The object without its empty values; null when nothing is left or only `ignore` keys are. */
export function part(obj, ignore = []) {
  const out = {};
  let meaningful = false;
  for (const [k, v] of Object.entries(obj || {})) {
    if (empty(v)) continue;
    out[k] = typeof v === 'string' ? v.trim() : v;
    if (!ignore.includes(k) && v !== false) meaningful = true;
  }
  return meaningful ? out : null;
}

/* Like part() but keeps the keys it is given even when empty, so the server names them. */
export function required(obj, keys) {
  const out = part(obj) || {};
  for (const k of keys) if (!(k in out)) out[k] = obj[k] === '' ? undefined : obj[k];
  return out;
}
