// A list read page by page with the API's cursor: the items so far, whether there are more,
// and a way to read the next page. It reads again from the start when `deps` change, and an
// answer that comes back after that (to an older question) is dropped.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/* `load(cursor)` returns a promise of {items, next} (and `local`, the filters applied in the
 * browser: lib/filtered.js); cursor is null for the first page. */
export function usePaged(load, deps = []) {
  const [state, setState] = useState({ items: [], next: null, local: [], loading: true, error: null, loaded: false });
  const generation = useRef(0);
  const first = useCallback(() => {
    const g = ++generation.current;
    setState((s) => ({ ...s, loading: true, error: null }));
    load(null)
      .then((p) => g === generation.current && setState({ items: p.items, next: p.next, local: p.local || [], loading: false, error: null, loaded: true }))
      .catch((error) => g === generation.current && setState({ items: [], next: null, local: [], loading: false, error, loaded: true }));
  }, deps);
  useEffect(() => {
    first();
    return () => {
      generation.current++;
    };
  }, [first]);
  const more = async () => {
    const g = generation.current;
    setState((s) => ({ ...s, loading: true }));
    try {
      const p = await load(state.next);
      if (g === generation.current) setState((s) => ({ ...s, items: [...s.items, ...p.items], next: p.next, loading: false }));
    } catch (error) {
      if (g === generation.current) setState((s) => ({ ...s, loading: false, error }));
    }
  };
  return { ...state, more, reload: first };
}
