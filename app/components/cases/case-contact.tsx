import { useTranslation } from 'react-i18next'
import { Form } from 'react-router'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'

export interface CaseContactData {
  name: string | null
  phone: string | null
  email: string | null
}

/** A mainland number as people write it (13812345678); other numbers as stored. */
const phoneAsWritten = (e164: string) => (e164.startsWith('+86') ? e164.slice(3) : e164)

/**
 * The patient's contact: masked, unless this response carries an audited reveal. The reveal
 * button shows only for roles allowed to see contact details in full (DESIGN.md §6).
 */
export function CaseContact({ masked, revealed, canReveal, consentToContact }: { masked: CaseContactData; revealed: CaseContactData | null; canReveal: boolean; consentToContact: boolean }) {
  const { t } = useTranslation(['casePage', 'common'])
  const shown = revealed ?? masked
  const anonymous = !masked.name && !masked.phone && !masked.email
  return (
    <section className="card" aria-labelledby="case-contact" data-contact={revealed ? 'revealed' : 'masked'}>
      <h2 id="case-contact">{t('contact.title')}</h2>
      {anonymous ? (
        <p>{t('contact.anonymous')}</p>
      ) : (
        <>
          {revealed ? (
            <p className="warning" role="status">
              {t('contact.revealed')}
            </p>
          ) : (
            <p className="hint">{t('contact.maskedHint')}</p>
          )}
          <dl>
            <dt>{t('contact.name')}</dt>
            <dd>{shown.name ?? t('contact.notGiven')}</dd>
            <dt>{t('contact.phone')}</dt>
            <dd>{shown.phone ? revealed ? <a href={`tel:${shown.phone}`}>{phoneAsWritten(shown.phone)}</a> : shown.phone : t('contact.notGiven')}</dd>
            <dt>{t('contact.email')}</dt>
            <dd>{shown.email ? revealed ? <a href={`mailto:${shown.email}`}>{shown.email}</a> : shown.email : t('contact.notGiven')}</dd>
            <dt>{t('contact.consent')}</dt>
            <dd>{consentToContact ? t('common:actions.yes') : t('common:actions.no')}</dd>
          </dl>
          {canReveal && !revealed ? (
            <Form method="post" className="inline-form">
              <CsrfInput />
              <input type="hidden" name="intent" value="revealContact" />
              <button type="submit" className="secondary">
                {t('contact.reveal')}
              </button>
              <p className="hint">{t('contact.revealHint')}</p>
            </Form>
          ) : null}
        </>
      )}
    </section>
  )
}
