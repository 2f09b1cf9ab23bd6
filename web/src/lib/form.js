// Form state for the screens: values by path ('survivor.given_name', 'children.1.sex'), the
// server's field errors by the same paths, and one submit wrapper. Rules are the server's: the
// UI does not re-implement validation, it shows the server's messages (already in the user's
// language) beside the fields they name.
import { useState } from 'preact/hooks';
import { ApiError } from './api.js';

/* API error paths use 'children[1].given_name'; forms use 'children.1.given_name'. */
export function normalisePath(path) {
  return String(path).replace(/\[(\d+)\]/g, '.$1');
}
export function fieldId(path) {
  return `f-${normalisePath(path).replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

export function getPath(obj, path) {
  return normalisePath(path)
    .split('.')
    .reduce((o, k) => (o == null ? undefined : o[k]), obj);
}
export function setPath(obj, path, value) {
  const [head, ...rest] = normalisePath(path).split('.');
  const copy = Array.isArray(obj) ? [...obj] : { ...(obj || {}) };
  copy[head] = rest.length ? setPath(copy[head], rest.join('.'), value) : value;
  return copy;
}

/*
 * `prefix` keeps the ids of two forms on one page apart (two order cards each with a decision
 * form): their fields are named "<prefix>.<path>" on the page, the server's errors still by path.
 */
export function useForm(initial, { prefix } = {}) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [busy, setBusy] = useState(false);

  const set = (path, value) => setValues((v) => setPath(v, path, value));
  const submit = (action) => async (event) => {
    event?.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      await action(values);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 400 || e.status === 422) && e.problem.errors?.length) {
        const byPath = {};
        for (const [k, msg] of Object.entries(e.fieldErrors)) byPath[normalisePath(k)] = msg;
        setErrors(byPath);
      } else {
        setFailure(e);
      }
    } finally {
      setBusy(false);
    }
  };
  /* Props for an input component bound to `path`. */
  const field = (path) => ({
    name: prefix ? `${prefix}.${normalisePath(path)}` : normalisePath(path),
    value: getPath(values, path),
    error: errors[normalisePath(path)],
    onValue: (v) => set(path, v),
  });
  return { values, setValues, set, errors, setErrors, failure, setFailure, busy, submit, field, prefix };
}
