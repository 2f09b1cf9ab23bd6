// Signing in: username and password, then the six-digit code when the account has a second
// factor. The throttle, a wrong password and an ended session each get their own plain message.
// On a demo database the accounts are listed beside the form with their institutions.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../lib/api.js';
import { LANGUAGES, useLabel, useLang, useT } from '../lib/i18n.js';
import { useForm } from '../lib/form.js';
import { ErrorSummary, TextInput } from '../components/Form.jsx';
import { Notice, Problem } from '../components/Common.jsx';

function DemoAccounts({ onPick }) {
  const t = useT();
  const label = useLabel();
  const [accounts, setAccounts] = useState(null);
  useEffect(() => {
    api.get('/demo-accounts', { quiet: true }).then((d) => setAccounts(d.items)).catch(() => {});
  }, []);
  if (!accounts?.length) return null;
  return (
    <section class="demo-accounts" aria-labelledby="demo-title">
      <h2 id="demo-title">{t('signin.demo_title')}</h2>
      <p class="hint">{t('signin.demo_hint')}</p>
      <table class="table table--compact">
        <thead>
          <tr>
            <th scope="col">{t('signin.username')}</th>
            <th scope="col">{t('signin.demo_role')}</th>
            <th scope="col">{t('signin.demo_institution')}</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr>
              <td>
                <button type="button" class="link-button" onClick={() => onPick(a.username)} aria-label={t('signin.demo_use', { username: a.username })}>
                  {a.username}
                </button>
              </td>
              <td>{label('role', a.role)}</td>
              <td>{a.institution_name || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function LanguageChoice({ setLang }) {
  const lang = useLang();
  const t = useT();
  return (
    <div class="lang-switch lang-switch--light" role="group" aria-label={t('nav.language')}>
      {LANGUAGES.map((l) => (
        <button type="button" lang={l.code} aria-pressed={l.code === lang ? 'true' : 'false'} onClick={() => setLang(l.code)}>
          {l.name}
        </button>
      ))}
    </div>
  );
}

const MESSAGES = { expired: 'signin.expired', signed_out: 'signin.signed_out' };

export function SignIn({ message, error, onSignedIn, setLang }) {
  const t = useT();
  const form = useForm({ username: '', password: '', totp: '' });
  const [needsCode, setNeedsCode] = useState(false);
  useEffect(() => {
    document.title = `${t('signin.title')} — Ura`;
  }, [t('signin.title')]);

  const submit = form.submit(async (v) => {
    const body = { username: v.username.trim(), password: v.password };
    if (needsCode && v.totp) body.totp = v.totp.replace(/\s/g, '');
    try {
      const s = await api.post('/session', body, { quiet: true });
      await onSignedIn(s.user, s.csrf_token);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401 && e.problem.totp_required) {
        if (needsCode) throw e;
        setNeedsCode(true);
        return;
      }
      throw e;
    }
  });
  const f = form.failure;
  return (
    <div class="signin">
      <header class="signin-head">
        <p class="brand brand--dark">
          <span class="brand-mark" aria-hidden="true">U</span>
          <span class="brand-name">Ura</span>
        </p>
        <LanguageChoice setLang={setLang} />
      </header>
      <main id="main" class="signin-main">
        <div class="signin-card">
          <h1>{t('signin.title')}</h1>
          <p class="page-subtitle">{t('signin.subtitle')}</p>
          {message && MESSAGES[message] && (
            <Notice kind={message === 'expired' ? 'warning' : 'success'} role="status">
              <p>{t(MESSAGES[message])}</p>
            </Notice>
          )}
          {f instanceof ApiError && f.status === 429 ? (
            <Notice kind="danger" role="alert" title={t('signin.throttled_title')}>
              <p>{t('signin.throttled', { minutes: Math.max(1, Math.ceil((f.retryAfter || 60) / 60)) })}</p>
            </Notice>
          ) : f instanceof ApiError && f.status === 401 ? (
            <Notice kind="danger" role="alert" title={needsCode ? t('signin.bad_code') : t('signin.bad_credentials')}>
              <p>{t('signin.bad_credentials_hint')}</p>
            </Notice>
          ) : (
            <Problem error={f} />
          )}
          {!f && <Problem error={error} />}
          <ErrorSummary errors={form.errors} />
          <form onSubmit={submit} noValidate>
            <TextInput {...form.field('username')} label={t('signin.username')} autocomplete="username" autocapitalize="none" spellcheck={false} />
            <TextInput {...form.field('password')} label={t('signin.password')} type="password" autocomplete="current-password" />
            {needsCode && (
              <TextInput
                {...form.field('totp')}
                label={t('signin.code')}
                hint={t('signin.code_hint')}
                autocomplete="one-time-code"
                inputMode="numeric"
                width="code"
                autoFocus
              />
            )}
            <button class="button" type="submit" disabled={form.busy}>
              {t('signin.submit')}
            </button>
          </form>
          <p class="hint signin-help">{t('signin.help')}</p>
        </div>
        <DemoAccounts onPick={(u) => { form.set('username', u); document.getElementById('f-password')?.focus(); }} />
      </main>
    </div>
  );
}
