import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Form } from 'react-router'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { FormError, SelectField } from '#app/components/forms/field.tsx'
import type { AnswerChannel } from '#app/domain/case-answer.ts'
import type { CaseActionType } from '#app/domain/case-actions.ts'
import { TEXT_MAX } from '#app/domain/intake.ts'
import { CaseCheckboxGroup, CaseRadioGroup, CaseTextArea } from './case-form-fields.tsx'
import { useCaseNames } from './case-names.tsx'

/** The choices each form offers (computed on the server for this viewer). */
export interface CaseActionOptions {
  patientServiceId: string | null
  staff: { id: string; name: string }[]
  assignUserIds: string[]
  involveChoices: { departmentId: string; pending: boolean }[]
  findingsDepartmentIds: string[]
  attributionDepartmentIds: string[]
  via: AnswerChannel[]
}

/** A refused action sent back: what was typed, and the message with the field it belongs to. */
export interface FailedAction {
  type: string
  values: Record<string, string | string[]>
  error: string
  field: string | null
}

/** The fields each form shows, so a refusal about one of them is shown beside it. */
const FIELDS: Record<CaseActionType, readonly string[]> = {
  accept: ['note'],
  decline: ['reason', 'via'],
  startInvestigation: ['note'],
  involveDepartments: ['departmentIds'],
  recordFindings: ['departmentId', 'findings'],
  respond: ['answer', 'via'],
  close: ['finding', 'valid', 'attributedDepartmentId', 'attributedUserId', 'remedy', 'answer'],
  reopen: ['newInformation'],
  hold: ['reason'],
  resume: ['note'],
  resolveOnTheSpot: ['whatWasDone'],
  handOver: ['to', 'note'],
  assign: ['to', 'note'],
  setUrgency: ['urgent', 'note'],
}

interface FormState {
  /** The value typed for a field (after a refusal) or the form's default. */
  value(name: string, fallback?: string): string
  values(name: string): string[]
  error(name: string): string | undefined
}

function formState(type: CaseActionType, failed: FailedAction | undefined): FormState & { formError: string | undefined } {
  const mine = failed?.type === type ? failed : undefined
  const fieldError = mine?.field && FIELDS[type].includes(mine.field) ? mine.field : null
  return {
    value: (name, fallback = '') => {
      if (!mine) return fallback
      const v = mine.values[name]
      return (Array.isArray(v) ? v[0] : v) ?? ''
    },
    values: (name) => {
      const v = mine?.values[name]
      return v === undefined ? [] : Array.isArray(v) ? v : [v]
    },
    error: (name) => (fieldError === name ? mine?.error : undefined),
    formError: mine ? (fieldError ? undefined : mine.error) : undefined,
  }
}

/** One action as a small POST form: intent=action, type=<action>, and its fields. */
function ActionForm({ type, failed, formHasErrors, children }: { type: CaseActionType; failed: FailedAction | undefined; formHasErrors: string; children: (state: FormState) => ReactNode }) {
  const { t } = useTranslation('cases')
  const state = formState(type, failed)
  const mine = failed?.type === type
  return (
    <Form method="post" className="card form" aria-labelledby={`action-${type}`} data-action={type} key={mine ? JSON.stringify(failed.values) : 'fresh'}>
      <h3 id={`action-${type}`}>{t(`actions.${type}`)}</h3>
      <CsrfInput />
      <input type="hidden" name="intent" value="action" />
      <input type="hidden" name="type" value={type} />
      <FormError message={state.formError ?? (mine ? formHasErrors : undefined)} />
      {children(state)}
      <button type="submit" className="primary">
        {t(`actions.${type}`)}
      </button>
    </Form>
  )
}

function NoteField({ state }: { state: FormState }) {
  const { t } = useTranslation('casePage')
  return <CaseTextArea name="note" label={t('actions.note')} maxLength={TEXT_MAX} rows={2} defaultValue={state.value('note')} error={state.error('note')} />
}

function ViaField({ state, via }: { state: FormState; via: AnswerChannel[] }) {
  const { t } = useTranslation('casePage')
  return (
    <CaseRadioGroup
      name="via"
      legend={t('actions.viaLegend')}
      hint={t('actions.viaHint')}
      choices={via.map((v) => [v, t(`via.${v}`)] as const)}
      value={state.value('via')}
      error={state.error('via')}
    />
  )
}

/** The forms for exactly the actions the rules offer this viewer now. */
export function CaseActionForms({
  actions,
  options,
  currentAnswer,
  failed,
  readOnly,
}: {
  readOnly: boolean
  actions: CaseActionType[]
  options: CaseActionOptions
  currentAnswer: string | null
  failed: FailedAction | undefined
}) {
  const { t } = useTranslation(['casePage', 'common'])
  const { department, user } = useCaseNames()
  const formHasErrors = t('common:errors.formHasErrors')
  const orphan = failed && !(actions as string[]).includes(failed.type) ? failed.error : undefined
  const form = (type: CaseActionType, fields: (state: FormState) => ReactNode) => (
    <ActionForm key={type} type={type} failed={failed} formHasErrors={formHasErrors}>
      {fields}
    </ActionForm>
  )
  const text = (state: FormState, name: string, label: string, fallback = '') => (
    <CaseTextArea name={name} label={label} maxLength={TEXT_MAX} rows={4} defaultValue={state.value(name, fallback)} error={state.error(name)} required />
  )
  const ps = options.patientServiceId

  const forms: Record<CaseActionType, () => ReactNode> = {
    accept: () =>
      form('accept', (s) => (
        <>
          <p className="hint">{t('actions.accept.intro')}</p>
          <NoteField state={s} />
        </>
      )),
    decline: () =>
      form('decline', (s) => (
        <>
          {text(s, 'reason', t('actions.decline.reason'))}
          <ViaField state={s} via={options.via} />
        </>
      )),
    startInvestigation: () =>
      form('startInvestigation', (s) => (
        <>
          <p className="hint">{t('actions.startInvestigation.intro')}</p>
          <NoteField state={s} />
        </>
      )),
    involveDepartments: () =>
      form('involveDepartments', (s) => (
        <CaseCheckboxGroup
          name="departmentIds"
          legend={t('actions.involveDepartments.legend')}
          hint={t('actions.involveDepartments.hint')}
          choices={options.involveChoices.map((c) => ({
            value: c.departmentId,
            label: c.pending ? t('actions.involveDepartments.pending', { department: department(c.departmentId) }) : department(c.departmentId),
            disabled: c.pending,
          }))}
          checked={s.values('departmentIds')}
          error={s.error('departmentIds')}
        />
      )),
    recordFindings: () =>
      form('recordFindings', (s) => (
        <>
          <SelectField
            label={t('actions.recordFindings.department')}
            name="departmentId"
            required
            defaultValue={s.value('departmentId', options.findingsDepartmentIds.length === 1 ? options.findingsDepartmentIds[0] : '')}
            error={s.error('departmentId')}
          >
            {options.findingsDepartmentIds.length === 1 ? null : <option value="">{t('actions.choose')}</option>}
            {options.findingsDepartmentIds.map((id) => (
              <option key={id} value={id}>
                {department(id)}
              </option>
            ))}
          </SelectField>
          {text(s, 'findings', t('actions.recordFindings.findings'))}
        </>
      )),
    respond: () =>
      form('respond', (s) => (
        <>
          {text(s, 'answer', t('actions.respond.answer'))}
          <ViaField state={s} via={options.via} />
        </>
      )),
    close: () =>
      form('close', (s) => (
        <>
          {text(s, 'finding', t('actions.close.finding'))}
          <CaseRadioGroup
            name="valid"
            legend={t('actions.close.validLegend')}
            choices={[
              ['true', t('actions.close.valid')],
              ['false', t('actions.close.invalid')],
            ]}
            value={s.value('valid')}
            error={s.error('valid')}
          />
          <SelectField label={t('actions.close.attributedDepartment')} name="attributedDepartmentId" defaultValue={s.value('attributedDepartmentId')} error={s.error('attributedDepartmentId')}>
            <option value="">{t('actions.choose')}</option>
            {options.attributionDepartmentIds.map((id) => (
              <option key={id} value={id}>
                {department(id)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('actions.close.attributedUser')} name="attributedUserId" defaultValue={s.value('attributedUserId')} error={s.error('attributedUserId')}>
            <option value="">{t('actions.close.noUser')}</option>
            {options.staff.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </SelectField>
          <CaseTextArea name="remedy" label={t('actions.close.remedy')} maxLength={TEXT_MAX} rows={3} defaultValue={s.value('remedy')} error={s.error('remedy')} />
          {text(s, 'answer', t('actions.close.answer'), currentAnswer ?? '')}
        </>
      )),
    reopen: () => form('reopen', (s) => text(s, 'newInformation', t('actions.reopen.newInformation'))),
    hold: () => form('hold', (s) => text(s, 'reason', t('actions.hold.reason'))),
    resume: () =>
      form('resume', (s) => (
        <>
          <p className="hint">{t('actions.resume.intro')}</p>
          <NoteField state={s} />
        </>
      )),
    resolveOnTheSpot: () =>
      form('resolveOnTheSpot', (s) => (
        <>
          <p className="hint">{t('actions.resolveOnTheSpot.intro')}</p>
          {text(s, 'whatWasDone', t('actions.resolveOnTheSpot.whatWasDone'))}
        </>
      )),
    handOver: () =>
      form('handOver', (s) => (
        <>
          {/* The rule allows patient service only (no sideways handover), so it is the one choice. */}
          <SelectField label={t('actions.handOver.to')} name="to" required defaultValue={ps ? `department:${ps}` : ''} error={s.error('to')} hint={t('actions.handOver.hint')}>
            {ps ? <option value={`department:${ps}`}>{department(ps)}</option> : null}
          </SelectField>
          {text(s, 'note', t('actions.handOver.note'))}
        </>
      )),
    assign: () =>
      form('assign', (s) => (
        <>
          <SelectField label={t('actions.assign.to')} name="to" required defaultValue={s.value('to')} error={s.error('to')}>
            <option value="">{t('actions.choose')}</option>
            {ps ? <option value={`department:${ps}`}>{t('party.departmentQueue', { department: department(ps) })}</option> : null}
            {options.assignUserIds.map((id) => (
              <option key={id} value={`user:${id}`}>
                {user(id)}
              </option>
            ))}
          </SelectField>
          <NoteField state={s} />
        </>
      )),
    setUrgency: () =>
      form('setUrgency', (s) => (
        <>
          <CaseRadioGroup
            name="urgent"
            legend={t('actions.setUrgency.legend')}
            choices={[
              ['true', t('actions.setUrgency.urgent')],
              ['false', t('actions.setUrgency.notUrgent')],
            ]}
            value={s.value('urgent')}
            error={s.error('urgent')}
          />
          <NoteField state={s} />
        </>
      )),
  }

  return (
    <section aria-labelledby="case-actions" className="case-actions">
      <h2 id="case-actions">{t('actions.title')}</h2>
      <FormError message={orphan} />
      {actions.length === 0 ? <p>{readOnly ? t('actions.readOnly') : t('actions.none')}</p> : actions.map((type) => forms[type]())}
    </section>
  )
}
