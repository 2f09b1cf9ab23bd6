// Reading for a screen: the answer, the problem if any, and a way to ask again after a write.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

/* `load` is a path or a function returning a promise; `deps` say when to load again. */
export function useFetch(load, deps = []) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const run = useCallback(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    const p = typeof load === 'string' ? api.get(load) : load();
    p.then((data) => live && setState({ data, error: null, loading: false })).catch(
      (error) => live && setState({ data: null, error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, deps);
  useEffect(run, [run]);
  return { ...state, reload: run, setData: (data) => setState({ data, error: null, loading: false }) };
}
