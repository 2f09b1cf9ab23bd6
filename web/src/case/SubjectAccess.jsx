// A person's own copy of what Ura holds on them (GDPR art. 15), for the manager of the
// institution that leads the case: the language the person reads, then the print view (a
// page the server renders, without script, for A4) or the same copy as JSON. The address
// carries the case id and the language only; the server decides who may export and audits it.
import { useState } from 'preact/hooks';
import { LANGUAGES, useLang, useT } from '../lib/i18n.js';
import { useSession } from '../lib/session.js';
import { Select } from '../components/Form.jsx';
import { Icon } from '../components/Icon.jsx';

/* The links of a copy of `caseIds` in `lang`: [print view, JSON]. */
export function copyLinks(caseIds, lang) {
  const base = `/api/v1/subject-access?case_ids=${caseIds.join(',')}`;
  return [`${base}&format=html&lang=${encodeURIComponent(lang)}`, base];
}

export function CopyActions({ caseIds, name, idPrefix }) {
  const t = useT();
  const [lang, setLang] = useState(useLang());
  const [page, json] = copyLinks(caseIds, lang);
  return (
    <div class="copy-actions">
      <Select
        name={`${idPrefix}-lang`}
        label={t('sar.language')}
        hint={t('sar.language_hint')}
        value={lang}
        onValue={setLang}
        options={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))}
      />
      <p class="actions">
        <a class="button button--secondary button--small" href={page} target="_blank" rel="noopener noreferrer">
          <Icon name="print" size={16} /> {t('sar.print_view')}
        </a>{' '}
        <a class="button button--secondary button--small" href={json} download={`${name}.json`}>
          {t('sar.download_json')}
        </a>
      </p>
    </div>
  );
}

/* On the case page: only for the lead institution's managers (domain/data_protection). */
export function ExportForPerson({ doc }) {
  const t = useT();
  const { user } = useSession();
  if (user.role !== 'manager' || user.institution_id !== doc.owner_institution_id) return null;
  return (
    <details class="export-person">
      <summary>{t('sar.export')}</summary>
      <p class="hint">{t('sar.export_hint')}</p>
      <CopyActions caseIds={[doc.id]} name={`ura-${doc.reference}`} idPrefix={`sar-${doc.id}`} />
    </details>
  );
}
