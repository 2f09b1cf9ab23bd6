// The idle lock: everything that was on screen is gone; the password opens a new session and
// the screen the person was on comes back, fetched again.
import { useEffect } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useT } from '../lib/i18n.js';
import { useForm } from '../lib/form.js';
import { TextInput } from '../components/Form.jsx';
import { Notice, Problem } from '../components/Common.jsx';
import { ApiError } from '../lib/api.js';

export function Locked({ state, onUnlocked, onSignOut }) {
  const t = useT();
  const form = useForm({ password: '' });
  useEffect(() => {
    document.title = `${t('lock.title')} — Ura`;
  }, []);
  const submit = form.submit(async (v) => {
    const s = await api.post('/session', { username: state.username, password: v.password }, { quiet: true });
    await onUnlocked(s.user, s.csrf_token);
  });
  const f = form.failure;
  return (
    <main id="main" class="signin-main">
      <div class="signin-card">
        <h1>{t('lock.title')}</h1>
        <p>{t('lock.explain')}</p>
        <p class="hint">{t('lock.who', { name: state.displayName, username: state.username })}</p>
        {f instanceof ApiError && f.status === 401 ? (
          <Notice kind="danger" role="alert" title={t('signin.bad_credentials')} />
        ) : (
          <Problem error={f} />
        )}
        <form onSubmit={submit} noValidate>
          <TextInput {...form.field('password')} label={t('signin.password')} type="password" autocomplete="current-password" autoFocus />
          <div class="button-row">
            <button class="button" type="submit" disabled={form.busy}>
              {t('lock.unlock')}
            </button>
            <button class="button button--secondary" type="button" onClick={onSignOut}>
              {t('nav.sign_out')}
            </button>
          </div>
        </form>
      </div>
    </main>
  );
}
