// The frame of a printed page: A4, the reference, "confidential", who printed it and when.
// Only what the API gave this reader is printed; withheld parts say so.
import { useEffect } from 'preact/hooks';
import { useT } from '../lib/i18n.js';
import { formatDateTime } from '../lib/format.js';
import { useSession } from '../lib/session.js';
import { Icon } from '../components/Icon.jsx';

export function PrintView({ title, reference, back, children }) {
  const t = useT();
  const { user, directory } = useSession();
  useEffect(() => {
    document.title = `${title} — Ura`;
  }, [title]);
  const printed = formatDateTime(new Date().toISOString(), directory.tz);
  return (
    <div class="print-view">
      <div class="print-tools no-print">
        <h1 tabIndex={-1}>{title}</h1>
        <div class="button-row">
          <button class="button" type="button" onClick={() => window.print()}>
            <Icon name="print" size={16} /> {t('print.print')}
          </button>
          <a class="button button--secondary" href={back}>
            {t('common.back')}
          </a>
        </div>
      </div>
      <article class="print-sheet" aria-label={title}>
        <header class="print-head">
          <p class="print-confidential">{t('print.confidential')}</p>
          <p class="print-reference">{reference}</p>
          <p class="print-title">{title}</p>
          <p class="print-by">
            {t('print.printed_by', {
              name: user.display_name,
              institution: user.institution_id ? directory.institutionName(user.institution_id) : '',
              when: printed,
            })}
          </p>
        </header>
        {children}
        <footer class="print-foot">
          <p>{t('print.footer')}</p>
        </footer>
      </article>
    </div>
  );
}
