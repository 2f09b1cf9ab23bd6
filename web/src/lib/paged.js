// A list read page by page with the API's cursor: the items so far, whether there are more,
// and a way to read the next page. It reads again from the start when `deps` change, and shows
// nothing of the old list meanwhile (the rows of other filters, under the new ones, would
// mislead); an answer that comes back after that (to an older question) is dropped.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

const EMPTY = { items: [], next: null, loading: true, error: null, loaded: false };

/* `load(cursor)` returns a promise of {items, next}; cursor is null for the first page. */
export function usePaged(load, deps = []) {
  const key = JSON.stringify(deps);
  const [state, setState] = useState({ ...EMPTY, key });
  const generation = useRef(0);
  const first = useCallback(() => {
    const g = ++generation.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    load(null)
      .then((p) => g === generation.current && setState({ key, items: p.items, next: p.next, loading: false, error: null, loaded: true }))
      .catch((error) => g === generation.current && setState({ ...EMPTY, key, loading: false, error, loaded: true }));
  }, deps);
  useEffect(() => {
    first();
    return () => {
      generation.current++;
    };
  }, [first]);
  const current = state.key === key ? state : { ...EMPTY, key };
  const more = async () => {
    const g = generation.current;
    setState((s) => ({ ...s, loading: true }));
    try {
      const p = await load(current.next);
      if (g === generation.current) setState((s) => ({ ...s, items: [...s.items, ...p.items], next: p.next, loading: false }));
    } catch (error) {
      if (g === generation.current) setState((s) => ({ ...s, loading: false, error }));
    }
  };
  return { ...current, more, reload: first };
}
