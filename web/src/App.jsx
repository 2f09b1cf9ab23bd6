// The application: which language, who is signed in, and which screen. A session starts at
// the sign-in screen (or the second-factor enrolment the role demands), runs the screens in
// the shell, and ends by signing out, by the server ending it (the expired-session message), or
// by the idle lock, which drops everything shown and fetched.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, onSessionLost, requestsSettled, setApiLanguage, setCsrfToken } from './lib/api.js';
import { LangContext, storeLanguage, storedLanguage } from './lib/i18n.js';
import { SessionContext, loadDirectory } from './lib/session.js';
import { useIdle } from './lib/idle.js';
import { Shell } from './Shell.jsx';
import { SignIn } from './screens/SignIn.jsx';
import { Locked } from './screens/Locked.jsx';
import { TotpEnrol } from './screens/TotpEnrol.jsx';
import { Loading } from './components/Common.jsx';

const DEFAULT_IDLE_MINUTES = 15;

export function App() {
  // Albanian unless the person chose otherwise here, or their account says so (after sign-in).
  const [lang, setLangState] = useState(() => storedLanguage() || 'sq');
  const [state, setState] = useState({ phase: 'loading' });
  setApiLanguage(lang);

  const setLang = useCallback((l, { remember = true } = {}) => {
    setApiLanguage(l);
    setLangState(l);
    document.documentElement.lang = l;
    if (remember) storeLanguage(l);
  }, []);

  const enter = useCallback(async (user, csrf, enrolled = false) => {
    if (csrf) setCsrfToken(csrf);
    if (user.totp_enrolment_required && !enrolled) {
      setState({ phase: 'enrol', user });
      return;
    }
    try {
      user = { ...user, ...(await api.get('/me')) };
      if (!storedLanguage() && user.locale) setLang(user.locale, { remember: false });
      const directory = await loadDirectory(user);
      setState({ phase: 'in', user, directory });
    } catch (e) {
      setState({ phase: 'out', error: e });
    }
  }, []);

  const leave = useCallback((message) => {
    setCsrfToken(null);
    setState({ phase: 'out', message });
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    onSessionLost(() => leave('expired'));
    // A reload keeps the cookie but loses the CSRF token held in memory: ask for it again.
    api
      .get('/session', { quiet: true })
      .then((s) => (s.user ? enter(s.user, s.csrf_token) : setState({ phase: 'out' })))
      .catch((error) => setState({ phase: 'out', error }));
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.del('/session', { quiet: true });
    } finally {
      leave('signed_out');
    }
  }, []);

  const lock = useCallback(() => {
    const user = state.user;
    setState({ phase: 'locked', username: user.username, displayName: user.display_name });
    // The screen is cleared at once; the session ends once the requests under way are back.
    requestsSettled()
      .then(() => api.del('/session', { quiet: true }))
      .catch(() => {})
      .finally(() => setCsrfToken(null));
  }, [state.user]);

  // The directory changes rarely (a new member, a new mechanism): it is read again on a change
  // of screen once it is a minute old, so names and choices do not go stale.
  const refreshDirectory = useCallback(() => {
    if (state.phase !== 'in' || Date.now() - state.directory.loadedAt < 60000) return;
    loadDirectory(state.user)
      .then((directory) => setState((s) => (s.phase === 'in' ? { ...s, directory } : s)))
      .catch(() => {});
  }, [state]);

  const idleMinutes = state.user?.idle_lock_minutes || DEFAULT_IDLE_MINUTES;
  useIdle(state.phase === 'in' ? idleMinutes : 0, lock);

  let screen;
  switch (state.phase) {
    case 'loading':
      screen = <Loading />;
      break;
    case 'out':
      screen = <SignIn message={state.message} error={state.error} onSignedIn={enter} setLang={setLang} />;
      break;
    case 'locked':
      screen = <Locked state={state} onUnlocked={enter} onSignOut={() => leave('signed_out')} />;
      break;
    case 'enrol':
      screen = <TotpEnrol user={state.user} onDone={() => enter(state.user, null, true)} onSignOut={signOut} />;
      break;
    default:
      screen = (
        <SessionContext.Provider value={{ ...state, signOut, lock, setLang, refreshDirectory, setUser: (user) => setState((s) => ({ ...s, user })) }}>
          <Shell />
        </SessionContext.Provider>
      );
  }
  return <LangContext.Provider value={lang}>{screen}</LangContext.Provider>;
}
