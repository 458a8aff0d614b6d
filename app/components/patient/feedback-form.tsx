import { useTranslation } from 'react-i18next'
import { Form, useNavigation } from 'react-router'
import { CATEGORIES, FORM_KINDS, TEXT_MAX } from '#app/domain/intake.ts'
import { feedbackFormSchema } from '#app/domain/intake-form.ts'
import type { Locale } from '#app/domain/locales.ts'
import { toFieldErrors } from '#app/lib/form-errors.ts'
import { CsrfInput } from '../forms/csrf-input.tsx'
import { AttachmentsInput, checkChosenFiles } from './attachments-input.tsx'
import { ChoiceGroup, describedBy, ErrorSummary, FieldError, fieldId, Honeypot, TextInput } from './form-parts.tsx'
import { TextAreaWithCounter } from './text-area-counter.tsx'
import { useInlineValidation } from './use-inline-validation.ts'

export interface DepartmentChoice {
  id: string
  name: string
  nameEn: string | null
  depth: number
}

/** What the server sends back with a refused form. */
export interface FormProblemData {
  formError: string
  errors: Record<string, string>
  values: Record<string, string>
  filesDropped: boolean
}

/**
 * The full patient form (QR and web). A plain multipart POST that works without JavaScript;
 * with it, the same zod schema checks fields inline and the page does not reload.
 */
export function FeedbackForm({ departmentChoices, problem }: { departmentChoices?: DepartmentChoice[] | undefined; problem?: FormProblemData | undefined }) {
  const { t, i18n } = useTranslation(['patient', 'intake', 'common'])
  const locale = i18n.language as Locale
  const values = problem?.values ?? {}
  const busy = useNavigation().formData?.get('intent') === 'feedback'
  const { formRef, summaryRef, errors, submitted, onBlur, onChange, onSubmit } = useInlineValidation({
    serverErrors: problem?.errors ?? {},
    hasServerProblem: !!problem,
    validate(form) {
      const fields = Object.fromEntries([...new FormData(form)].filter((e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'website'))
      const parsed = feedbackFormSchema.safeParse(fields)
      const found = parsed.success ? {} : toFieldErrors(parsed.error, locale)
      const fileError = checkChosenFiles(form.elements.namedItem('attachments'), (key, v) => String(t(key as never, v as never)))
      return fileError ? { ...found, attachments: fileError } : found
    },
  })
  const departmentName = (d: { name: string; nameEn: string | null }) => (locale === 'en' && d.nameEn ? d.nameEn : d.name)
  const labels: [string, string][] = [
    ['kind', t('form.kind')],
    ['category', t('form.category')],
    ['departmentId', t('form.department')],
    ['text', t('form.text')],
    ['praisedStaffName', t('form.praisedStaffName')],
    ['contactName', t('form.contactName')],
    ['contactPhone', t('form.contactPhone')],
    ['contactEmail', t('form.contactEmail')],
    ['attachments', t('form.attachments')],
  ]
  const formError = problem?.formError ?? (Object.keys(errors).length ? t('common:errors.formHasErrors') : undefined)
  return (
    <Form method="post" encType="multipart/form-data" className="feedback-form" aria-labelledby="feedback-title" ref={formRef} onBlur={onBlur} onChange={onChange} onSubmit={onSubmit}>
      <CsrfInput />
      <input type="hidden" name="intent" value="feedback" />
      {submitted ? <ErrorSummary formError={formError} errors={errors} labels={labels} summaryRef={summaryRef} /> : null}
      <ChoiceGroup name="kind" legend={t('form.kind')} choices={FORM_KINDS.map((k) => [k, t(`intake:kinds.${k}`)])} value={values.kind} error={errors.kind} />
      <div className={`field${errors.category ? ' has-error' : ''}`}>
        <label htmlFor={fieldId('category')}>{t('form.category')}</label>
        <select id={fieldId('category')} name="category" defaultValue={values.category ?? ''} aria-invalid={errors.category ? true : undefined} aria-describedby={describedBy('category', { error: errors.category })}>
          <option value="">{t('form.noCategory')}</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {t(`intake:categories.${c}`)}
            </option>
          ))}
        </select>
        <FieldError name="category" error={errors.category} />
      </div>
      {departmentChoices ? (
        <div className={`field${errors.departmentId ? ' has-error' : ''}`}>
          <label htmlFor={fieldId('departmentId')}>{t('form.department')}</label>
          <select id={fieldId('departmentId')} name="departmentId" defaultValue={values.departmentId ?? ''} aria-invalid={errors.departmentId ? true : undefined} aria-describedby={describedBy('departmentId', { error: errors.departmentId })}>
            <option value="">{t('form.noDepartment')}</option>
            {departmentChoices.map((d) => (
              <option key={d.id} value={d.id}>
                {'\u3000'.repeat(d.depth)}
                {departmentName(d)}
              </option>
            ))}
          </select>
          <FieldError name="departmentId" error={errors.departmentId} />
        </div>
      ) : null}
      <TextAreaWithCounter name="text" label={t('form.text')} hint={t('form.textHint')} max={TEXT_MAX} required defaultValue={values.text} error={errors.text} />
      <div className="praise-only">
        <TextInput name="praisedStaffName" label={t('form.praisedStaffName')} hint={t('form.praisedStaffHint')} maxLength={50} autoComplete="off" defaultValue={values.praisedStaffName ?? ''} error={errors.praisedStaffName} />
      </div>
      <fieldset className="field contact">
        <legend>{t('form.contactLegend')}</legend>
        <p className="hint">{t('form.anonymous')}</p>
        <TextInput name="contactName" label={t('form.contactName')} maxLength={50} autoComplete="name" defaultValue={values.contactName ?? ''} error={errors.contactName} />
        <TextInput name="contactPhone" label={t('form.contactPhone')} hint={t('form.contactPhoneHint')} type="tel" inputMode="tel" autoComplete="tel" maxLength={20} defaultValue={values.contactPhone ?? ''} error={errors.contactPhone} />
        <TextInput name="contactEmail" label={t('form.contactEmail')} type="email" autoComplete="email" maxLength={200} defaultValue={values.contactEmail ?? ''} error={errors.contactEmail} />
        <div className="field checkbox">
          <label>
            <input type="checkbox" name="consentToContact" defaultChecked={values.consentToContact === 'on' || values.consentToContact === 'true'} /> {t('form.consentToContact')}
          </label>
        </div>
        <p className="hint">{t('form.privacy')}</p>
      </fieldset>
      <AttachmentsInput error={errors.attachments} filesDropped={problem?.filesDropped} />
      <Honeypot />
      <button type="submit" className="primary big" disabled={busy}>
        {busy ? t('form.submitting') : t('form.submit')}
      </button>
    </Form>
  )
}
