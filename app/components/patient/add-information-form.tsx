import { useTranslation } from 'react-i18next'
import { Form, useNavigation } from 'react-router'
import { TEXT_MAX } from '#app/domain/intake.ts'
import { addInformationSchema } from '#app/domain/intake-form.ts'
import type { Locale } from '#app/domain/locales.ts'
import { toFieldErrors } from '#app/lib/form-errors.ts'
import { CsrfInput } from '../forms/csrf-input.tsx'
import { AttachmentsInput, checkChosenFiles } from './attachments-input.tsx'
import type { FormProblemData } from './feedback-form.tsx'
import { ErrorSummary, Honeypot } from './form-parts.tsx'
import { TextAreaWithCounter } from './text-area-counter.tsx'
import { useInlineValidation } from './use-inline-validation.ts'

/** On the tracking page: more text and/or files for the hospital. */
export function AddInformationForm({ problem }: { problem?: FormProblemData | undefined }) {
  const { t, i18n } = useTranslation(['patient', 'intake', 'common'])
  const locale = i18n.language as Locale
  const busy = useNavigation().formData?.get('intent') === 'addInformation'
  const { formRef, summaryRef, errors, submitted, onBlur, onChange, onSubmit } = useInlineValidation({
    serverErrors: problem?.errors ?? {},
    hasServerProblem: !!problem,
    validate(form) {
      const text = form.elements.namedItem('text')
      const parsed = addInformationSchema.safeParse({ text: text instanceof HTMLTextAreaElement ? text.value : '' })
      const found: Record<string, string> = parsed.success ? {} : toFieldErrors(parsed.error, locale)
      const files = form.elements.namedItem('attachments')
      const fileError = checkChosenFiles(files, (key, v) => String(t(key as never, v as never)))
      if (fileError) found.attachments = fileError
      const noFiles = !(files instanceof HTMLInputElement) || !files.files?.length
      if (parsed.success && !parsed.data.text && noFiles) found.text = t('tracking.addEmpty')
      return found
    },
  })
  const formError = problem?.formError ?? (Object.keys(errors).length ? t('common:errors.formHasErrors') : undefined)
  return (
    <Form method="post" encType="multipart/form-data" className="add-information" aria-labelledby="add-title" ref={formRef} onBlur={onBlur} onChange={onChange} onSubmit={onSubmit}>
      <CsrfInput />
      <input type="hidden" name="intent" value="addInformation" />
      {submitted ? (
        <ErrorSummary
          formError={formError}
          errors={errors}
          labels={[
            ['text', t('tracking.addText')],
            ['attachments', t('form.attachments')],
          ]}
          summaryRef={summaryRef}
        />
      ) : null}
      <p className="hint">{t('tracking.addHint')}</p>
      <TextAreaWithCounter name="text" label={t('tracking.addText')} max={TEXT_MAX} rows={4} defaultValue={problem?.values.text} error={errors.text} />
      <AttachmentsInput error={errors.attachments} filesDropped={problem?.filesDropped} />
      <Honeypot />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('form.submitting') : t('tracking.addSubmit')}
      </button>
    </Form>
  )
}
