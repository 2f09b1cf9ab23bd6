// One referral, as its packet: what the sender asked for and shared. The recipient accepts or
// declines (with a reason), starts and completes it; the sender may cancel it while it runs.
// Once accepted, the recipient opens the case with what the referral and consent share.
import { useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { useFetch } from '../lib/fetch.js';
import { useLabel, useT } from '../lib/i18n.js';
import { formatDateTime } from '../lib/format.js';
import { useForm } from '../lib/form.js';
import { useSession } from '../lib/session.js';
import { ErrorSummary, TextArea } from '../components/Form.jsx';
import { Facts, Loading, Notice, Page, Problem, Tag } from '../components/Common.jsx';
import { TimeLeft } from '../components/TimeLeft.jsx';
import { Icon } from '../components/Icon.jsx';
import { Attachments } from '../components/Attachments.jsx';

/* Which steps the caller's institution may take from here. */
function steps(referral, institutionId) {
  const recipient = referral.to_institution_id === institutionId;
  const sender = referral.from_institution_id === institutionId;
  const s = referral.status;
  return {
    accept: recipient && s === 'sent',
    decline: recipient && s === 'sent',
    start: recipient && s === 'accepted',
    complete: recipient && s === 'in_progress',
    cancel: sender && ['sent', 'accepted', 'in_progress'].includes(s),
  };
}

/* A step that needs words (decline, cancel: a reason; complete: an optional outcome). */
function StepWithText({ referral, step, field, onDone, onClose }) {
  const t = useT();
  const form = useForm({ [field]: '' });
  const submit = form.submit(async (v) => onDone(await api.post(`/referrals/${referral.id}/${step}`, v[field].trim() || field === 'reason' ? v : {})));
  return (
    <form onSubmit={submit} noValidate class="subform" aria-label={t(`referral.step.${step}`)}>
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <TextArea {...form.field(field)} label={t(`referral.step.${step}_${field}`)} rows={3} />
      <div class="button-row">
        <button class={step === 'complete' ? 'button' : 'button button--warning'} type="submit" disabled={form.busy}>
          {t(`referral.step.${step}`)}
        </button>
        <button class="button button--secondary" type="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function Steps({ referral, onDone }) {
  const t = useT();
  const { user } = useSession();
  const [open, setOpen] = useState(null);
  const [error, setError] = useState(null);
  const may = steps(referral, user.institution_id);
  const plain = async (step) => {
    setError(null);
    try {
      onDone(await api.post(`/referrals/${referral.id}/${step}`, {}));
    } catch (e) {
      setError(e);
    }
  };
  if (!Object.values(may).some(Boolean)) return null;
  return (
    <section class="panel" aria-labelledby="steps-title">
      <h2 id="steps-title">{t('referral.what_next')}</h2>
      <Problem error={error} />
      <div class="button-row">
        {may.accept && (
          <button class="button" type="button" onClick={() => plain('accept')}>
            {t('referral.step.accept')}
          </button>
        )}
        {may.decline && (
          <button class="button button--warning" type="button" aria-expanded={open === 'decline' ? 'true' : 'false'} onClick={() => setOpen('decline')}>
            {t('referral.step.decline')}
          </button>
        )}
        {may.start && (
          <button class="button" type="button" onClick={() => plain('start')}>
            {t('referral.step.start')}
          </button>
        )}
        {may.complete && (
          <button class="button" type="button" aria-expanded={open === 'complete' ? 'true' : 'false'} onClick={() => setOpen('complete')}>
            {t('referral.step.complete')}
          </button>
        )}
        {may.cancel && (
          <button class="button button--warning" type="button" aria-expanded={open === 'cancel' ? 'true' : 'false'} onClick={() => setOpen('cancel')}>
            {t('referral.step.cancel')}
          </button>
        )}
      </div>
      {open && (
        <StepWithText referral={referral} step={open} field={open === 'complete' ? 'outcome' : 'reason'} onDone={onDone} onClose={() => setOpen(null)} />
      )}
    </section>
  );
}

export function ReferralPacket({ referral, timeZone }) {
  const t = useT();
  const label = useLabel();
  const { directory } = useSession();
  const r = referral;
  return (
    <Facts
      items={[
        [t('referral.case'), r.case_reference],
        [t('referral.from'), directory.institutionName(r.from_institution_id)],
        [t('referral.to'), directory.institutionName(r.to_institution_id)],
        [t('referral.service'), label('service', r.service)],
        [t('referral.urgency'), label('urgency', r.urgency)],
        [t('referral.status'), label('referral_status', r.status)],
        [t('referral.sent_at'), formatDateTime(r.created_at, timeZone)],
        [t('referral.respond_by'), formatDateTime(r.respond_by, timeZone)],
        [t('referral.reason'), r.reason],
        [t('referral.share'), r.share.length ? r.share.map((c) => label('category', c)).join(', ') : t('referral.share_none')],
        [t('referral.basis'), label('referral_basis', r.basis)],
        [t('referral.justification'), r.justification],
        [t('referral.disclose_address'), r.address_disclosed ? r.disclose_address_reason : null],
        [t('referral.answer'), r.answer],
        [t('referral.outcome'), r.outcome],
      ]}
    />
  );
}

export function ReferralPage({ params }) {
  const t = useT();
  const { user, directory } = useSession();
  const { data, error, setData } = useFetch(`/referrals/${params.id}`, [params.id]);
  if (error) return <Page title={t('referral.title')}><Problem error={error} /></Page>;
  if (!data) return <Loading />;
  const recipient = data.to_institution_id === user.institution_id;
  const sender = data.from_institution_id === user.institution_id;
  const opens = ['accepted', 'in_progress', 'completed'].includes(data.status) || !recipient;
  return (
    <Page title={t('referral.title_ref', { reference: data.case_reference })} subtitle={t('referral.subtitle', { service: useLabel()('service', data.service) })}>
      {data.status === 'sent' && (
        <p>
          <TimeLeft until={data.respond_by} timeZone={directory.tz} />
        </p>
      )}
      {data.basis === 'emergency' && (
        <Notice kind="warning" title={t('referral.emergency_basis')}>
          <p>{t('referral.emergency_basis_explain')}</p>
        </Notice>
      )}
      <p>
        <Tag group="referral_status" code={data.status} />
      </p>
      <ReferralPacket referral={data} timeZone={directory.tz} />
      <Steps referral={data} onDone={setData} />
      <Attachments
        base={`/referrals/${data.id}`}
        categories={data.share}
        canAdd={sender && data.share.length > 0 && ['sent', 'accepted', 'in_progress'].includes(data.status)}
        manage={sender}
        timeZone={directory.tz}
      />
      <p class="button-row">
        {opens && (
          <a class="button button--secondary" href={`#/cases/${data.case_id}`}>
            {t('referral.open_case')}
          </a>
        )}
        <a class="button button--secondary" href={`#/referrals/${data.id}/print`}>
          <Icon name="print" size={16} /> {t('print.referral')}
        </a>
      </p>
    </Page>
  );
}
