// The idle lock: after `minutes` without a key press, a click, a touch or scrolling, `onIdle`
// runs (the app then hides everything and asks for the password again). 0 turns it off.
import { useEffect, useRef } from 'preact/hooks';

const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'scroll'];

export function useIdle(minutes, onIdle) {
  const callback = useRef(onIdle);
  callback.current = onIdle;
  useEffect(() => {
    if (!minutes) return undefined;
    let timer = null;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => callback.current(), minutes * 60 * 1000);
    };
    arm();
    for (const e of ACTIVITY) window.addEventListener(e, arm, { passive: true, capture: true });
    return () => {
      clearTimeout(timer);
      for (const e of ACTIVITY) window.removeEventListener(e, arm, { capture: true });
    };
  }, [minutes]);
}
