// Editing the people in a case. The edit carries the version it started from (If-Match); when
// someone else saved first the server answers 412, and this form shows what they changed and
// keeps what this user typed, to look over and save again — never overwriting silently.
import { useState } from 'preact/hooks';
import { ApiError, request } from '../lib/api.js';
import { useT } from '../lib/i18n.js';
import { useForm } from '../lib/form.js';
import { part } from '../lib/body.js';
import { navigate } from '../lib/router.js';
import { Checkbox, ErrorSummary } from '../components/Form.jsx';
import { Notice, Problem } from '../components/Common.jsx';
import { ChildrenFields, PerpetratorFields, PersonFields } from './PersonFields.jsx';

const SURVIVOR = ['given_name', 'family_name', 'sex', 'date_of_birth', 'personal_number', 'municipality_id', 'phone', 'address', 'address_confidential'];
const ERASABLE = ['phone', 'address'];

/* The form's view of a case document: every value a string, boolean or list. */
export function editValues(doc) {
  const s = doc.survivor || {};
  const str = (v) => (v === null || v === undefined ? '' : v);
  return {
    imminent_danger: !!doc.imminent_danger,
    survivor: Object.fromEntries(SURVIVOR.map((k) => [k, k === 'address_confidential' ? !!s[k] : str(s[k])])),
    children: (doc.children || []).map((c) => ({ given_name: str(c.given_name), date_of_birth: str(c.date_of_birth), sex: str(c.sex) })),
    perpetrator: { given_name: '', family_name: '', relationship: '', date_of_birth: '', ...Object.fromEntries(Object.entries(doc.perpetrator || {}).filter(([k]) => k !== 'perpetrator_links').map(([k, v]) => [k, str(v)])) },
  };
}

/* Only what changed since `base`: the PATCH body. */
export function patchBody(base, v) {
  const body = {};
  if (v.imminent_danger !== base.imminent_danger) body.imminent_danger = v.imminent_danger;
  const survivor = {};
  for (const k of SURVIVOR)
    if (v.survivor[k] !== base.survivor[k]) survivor[k] = v.survivor[k] === '' && ERASABLE.includes(k) ? null : v.survivor[k];
  if (Object.keys(survivor).length) body.survivor = survivor;
  const children = v.children.map((c) => part(c)).filter(Boolean);
  if (JSON.stringify(children) !== JSON.stringify(base.children.map((c) => part(c)).filter(Boolean))) body.children = children;
  if (JSON.stringify(v.perpetrator) !== JSON.stringify(base.perpetrator)) body.perpetrator = part(v.perpetrator) || {};
  return body;
}

/* `mine` rebased from `old` onto `fresh`: the parts this person changed, over the newer rest. */
export function rebase(old, mine, fresh) {
  const changed = (a, b) => JSON.stringify(a) !== JSON.stringify(b);
  const survivor = { ...fresh.survivor };
  for (const k of SURVIVOR) if (changed(mine.survivor[k], old.survivor[k])) survivor[k] = mine.survivor[k];
  return {
    imminent_danger: changed(mine.imminent_danger, old.imminent_danger) ? mine.imminent_danger : fresh.imminent_danger,
    survivor,
    children: changed(mine.children, old.children) ? mine.children : fresh.children,
    perpetrator: changed(mine.perpetrator, old.perpetrator) ? mine.perpetrator : fresh.perpetrator,
  };
}

/* The paths whose value differs between two form views, for the "changed meanwhile" notice. */
function changedPaths(a, b, prefix = '') {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null)
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix];
  return [...keys].flatMap((k) => changedPaths(a[k], b[k], prefix ? `${prefix}.${k}` : k));
}

const FIELD_LABELS = {
  given_name: 'person.given_name',
  family_name: 'person.family_name',
  sex: 'person.sex',
  date_of_birth: 'person.date_of_birth',
  personal_number: 'person.personal_number',
  municipality_id: 'person.municipality',
  phone: 'person.phone',
  address: 'person.address',
  address_confidential: 'person.address_confidential',
};

/* One line of the "changed meanwhile" notice: the field, and its new value where it is text. */
function ChangedField({ path, value }) {
  const t = useT();
  const [head, field] = path.split('.');
  if (head === 'survivor' && typeof value === 'string' && field !== 'municipality_id')
    return (
      <>
        {t(FIELD_LABELS[field])}: <strong>{value || t('edit.emptied')}</strong>
      </>
    );
  if (head === 'survivor') return t(FIELD_LABELS[field]);
  return t({ children: 'children.title', perpetrator: 'perpetrator.title' }[head] || 'case.imminent_danger_short');
}

export function EditCase({ doc, etag, replace }) {
  const t = useT();
  const [base, setBase] = useState(() => ({ values: editValues(doc), etag }));
  const [conflict, setConflict] = useState(null);
  const form = useForm(base.values);
  const readable = (cat) => !doc.withheld.includes(cat);

  const submit = form.submit(async (v) => {
    const body = patchBody(base.values, v);
    if (!Object.keys(body).length) {
      navigate(`/cases/${doc.id}`);
      return;
    }
    try {
      const r = await request('PATCH', `/cases/${doc.id}`, { body, ifMatch: base.etag });
      replace(r.data, r.etag);
      navigate(`/cases/${doc.id}`);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 412) throw e;
      const fresh = await request('GET', `/cases/${doc.id}`);
      const values = editValues(fresh.data);
      const paths = [...new Set(changedPaths(base.values, values).map((p) => (p.startsWith('perpetrator.') ? 'perpetrator' : p)))];
      setConflict(paths.map((p) => [p, p.split('.').reduce((o, k) => o?.[k], values)]));
      // What this person changed stays as typed; everything else takes the newer values, so
      // saving again sends only their own edits and keeps the other person's.
      form.setValues(rebase(base.values, v, values));
      setBase({ values, etag: fresh.etag });
    }
  });

  return (
    <div>
      <h2>{t('edit.title')}</h2>
      {conflict && (
        <Notice kind="warning" role="alert" title={t('edit.conflict_title')}>
          <p>{t('edit.conflict_explain')}</p>
          <ul>
            {conflict.map(([path, value]) => (
              <li>
                <ChangedField path={path} value={value} />
              </li>
            ))}
          </ul>
          <p>{t('edit.conflict_redo')}</p>
        </Notice>
      )}
      <Problem error={form.failure} />
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate class="case-form">
        <section class="form-section" aria-labelledby="edit-survivor">
          <h3 id="edit-survivor">{t('person.survivor_title')}</h3>
          <PersonFields form={form} prefix="survivor" parts={['identity', 'contact'].filter(readable)} />
          <Checkbox {...form.field('imminent_danger')} label={t('case.imminent_danger')} />
        </section>
        {readable('children') && (
          <section class="form-section" aria-labelledby="edit-children">
            <h3 id="edit-children">{t('children.title')}</h3>
            <ChildrenFields form={form} />
          </section>
        )}
        {readable('perpetrator') && (
          <section class="form-section" aria-labelledby="edit-perpetrator">
            <h3 id="edit-perpetrator">{t('perpetrator.title')}</h3>
            <PerpetratorFields form={form} prefix="perpetrator" />
          </section>
        )}
        <div class="form-submit">
          <button class="button" type="submit" disabled={form.busy}>
            {t('common.save')}
          </button>
          <a class="button button--secondary" href={`#/cases/${doc.id}`}>
            {t('common.cancel')}
          </a>
        </div>
      </form>
    </div>
  );
}
