// Managing the case as a whole: who works on it, starting work, transferring it when the
// survivor moves to another municipality, and closing it with an outcome.
import { useState } from 'preact/hooks';
import { api, request } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useOptions, useT } from '../lib/i18n.js';
import { useForm } from '../lib/form.js';
import { navigate } from '../lib/router.js';
import { useSession } from '../lib/session.js';
import { ErrorSummary, Radios, Select, TextArea } from '../components/Form.jsx';
import { Loading, Notice, Problem } from '../components/Common.jsx';
import { can } from './CasePage.jsx';

function Assign({ doc, etag, replace }) {
  const t = useT();
  const { user } = useSession();
  const staff = useFetch(`/institutions/${doc.owner_institution_id}/staff`, [doc.owner_institution_id]);
  const form = useForm({ assigned_user_id: doc.assigned_user_id ?? '' });
  const manager = user.role === 'manager';
  const submit = form.submit(async (v) => {
    const r = await request('PATCH', `/cases/${doc.id}`, { body: { assigned_user_id: v.assigned_user_id === '' ? null : Number(v.assigned_user_id) }, ifMatch: etag });
    replace(r.data, r.etag);
  });
  if (staff.error) return <Problem error={staff.error} />;
  if (!staff.data) return <Loading />;
  const people = manager ? staff.data.items : staff.data.items.filter((s) => s.id === user.id);
  return (
    <section class="panel" aria-labelledby="assign-title">
      <h3 id="assign-title">{t('assign.title')}</h3>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate>
        <Select
          {...form.field('assigned_user_id')}
          label={t('assign.worker')}
          hint={manager ? t('assign.hint_manager') : t('assign.hint_caseworker')}
          placeholder={t('case.unassigned')}
          options={people.map((p) => ({ value: p.id, label: p.display_name }))}
        />
        <button class="button" type="submit" disabled={form.busy}>
          {t('assign.save')}
        </button>
      </form>
    </section>
  );
}

function Activate({ doc, etag, replace }) {
  const t = useT();
  const [error, setError] = useState(null);
  const go = async () => {
    try {
      const r = await request('PATCH', `/cases/${doc.id}`, { body: { status: 'active' }, ifMatch: etag });
      replace(r.data, r.etag);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section class="panel" aria-labelledby="activate-title">
      <h3 id="activate-title">{t('manage.activate_title')}</h3>
      <p>{t('manage.activate_explain')}</p>
      <Problem error={error} />
      <button class="button" type="button" onClick={go}>
        {t('manage.activate')}
      </button>
    </section>
  );
}

function Transfer({ doc }) {
  const t = useT();
  const { directory } = useSession();
  const [done, setDone] = useState(null);
  const form = useForm({ to_mechanism_id: '', to_institution_id: '', reason: '' });
  const mechId = Number(form.values.to_mechanism_id);
  const members = useFetch(() => (mechId ? api.get(`/mechanisms/${mechId}/members?limit=500`) : Promise.resolve({ items: [] })), [mechId]);
  const mechanisms = directory.mechanisms.filter((m) => m.kind === doc.kind);
  const submit = form.submit(async (v) => {
    setDone(await api.post(`/cases/${doc.id}/transfers`, { to_mechanism_id: Number(v.to_mechanism_id) || undefined, to_institution_id: Number(v.to_institution_id) || undefined, reason: v.reason }));
  });
  if (done)
    return (
      <Notice kind="success" role="status" title={t('transfer.sent')}>
        <p>{t('transfer.sent_text', { name: directory.institutionName(done.to_institution_id) })}</p>
      </Notice>
    );
  return (
    <section class="panel" aria-labelledby="transfer-title">
      <h3 id="transfer-title">{t('transfer.title')}</h3>
      <p class="hint">{t('transfer.explain')}</p>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate>
        <Select
          {...form.field('to_mechanism_id')}
          numeric
          label={t('transfer.mechanism')}
          placeholder={t('form.choose')}
          options={mechanisms.map((m) => ({ value: m.id, label: m.name }))}
          onValue={(id) => form.setValues({ ...form.values, to_mechanism_id: id, to_institution_id: '' })}
        />
        <Select
          {...form.field('to_institution_id')}
          numeric
          label={t('transfer.institution')}
          placeholder={t('form.choose')}
          options={(members.data?.items || []).filter((m) => m.institution_id !== doc.owner_institution_id).map((m) => ({ value: m.institution_id, label: m.name }))}
        />
        <TextArea {...form.field('reason')} label={t('transfer.reason')} rows={3} />
        <button class="button" type="submit" disabled={form.busy}>
          {t('transfer.send')}
        </button>
      </form>
    </section>
  );
}

function Close({ doc, replace }) {
  const t = useT();
  const options = useOptions();
  const [confirming, setConfirming] = useState(false);
  const form = useForm({ outcome: '' });
  const submit = form.submit(async (v) => {
    if (!confirming) {
      setConfirming(true);
      return;
    }
    replace(await api.post(`/cases/${doc.id}/close`, { outcome: v.outcome || undefined }));
    navigate(`/cases/${doc.id}`);
  });
  return (
    <section class="panel" aria-labelledby="close-title">
      <h3 id="close-title">{t('close.title')}</h3>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate>
        <Radios {...form.field('outcome')} legend={t('close.outcome')} options={options('outcome')} />
        {confirming && (
          <Notice kind="warning" role="alert">
            <p>{t('close.confirm')}</p>
          </Notice>
        )}
        <div class="button-row">
          <button class="button button--warning" type="submit" disabled={form.busy}>
            {confirming ? t('close.confirm_yes') : t('close.submit')}
          </button>
          {confirming && (
            <button class="button button--secondary" type="button" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

export function Manage(props) {
  const t = useT();
  const { doc } = props;
  return (
    <div>
      <h2>{t('tab.manage')}</h2>
      {can(doc, 'assign') && <Assign {...props} />}
      {can(doc, 'update') && doc.status === 'open' && <Activate {...props} />}
      {can(doc, 'transfer') && <Transfer {...props} />}
      {can(doc, 'close') && <Close {...props} />}
    </div>
  );
}
