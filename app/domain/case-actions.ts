import { z } from 'zod'
import { ANSWER_CHANNELS } from './case-answer.ts'
import { optionalText } from './form-fields.ts'
import { TEXT_MAX } from './intake.ts'
import { ROLES } from './roles.ts'

/**
 * What staff can do to a case (DESIGN.md §3), as data. One zod schema per action, used by
 * the workflow (`decide`) and, later, by the forms; messages are translation keys.
 */
export const CASE_ACTION_TYPES = [
  'accept',
  'decline',
  'startInvestigation',
  'involveDepartments',
  'recordFindings',
  'respond',
  'close',
  'reopen',
  'hold',
  'resume',
  'resolveOnTheSpot',
  'handOver',
  'assign',
  'setUrgency',
] as const
export type CaseActionType = (typeof CASE_ACTION_TYPES)[number]

const text = (requiredKey: string) => z.string().trim().min(1, requiredKey).max(TEXT_MAX, 'common:errors.tooLong')
const note = optionalText(TEXT_MAX).transform((v) => v ?? null)
const id = z.string().min(1)
/** How the patient is told: SMS or email through the outbox, or by phone / in person (logged). */
const via = z.enum(ANSWER_CHANNELS, { message: 'cases:errors.answerChannelRequired' })

export const handoverTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('department'), departmentId: id }),
  z.object({ kind: z.literal('user'), userId: id, role: z.enum(ROLES), departmentIds: z.array(id).readonly() }),
])

/** Closing record (DESIGN.md §3): attribution and remedy only matter for a valid complaint (有效投诉). */
const closeSchema = z
  .object({
    type: z.literal('close'),
    finding: text('cases:errors.findingRequired'),
    valid: z.boolean({ message: 'cases:errors.validityRequired' }),
    attributedDepartmentId: id.nullable().optional(),
    attributedUserId: id.nullable().optional(),
    remedy: note,
    answer: text('cases:errors.answerRequired'),
  })
  .superRefine((v, ctx) => {
    if (!v.valid) return
    if (!v.attributedDepartmentId) ctx.addIssue({ code: 'custom', path: ['attributedDepartmentId'], message: 'cases:errors.attributedDepartmentRequired' })
    if (!v.remedy) ctx.addIssue({ code: 'custom', path: ['remedy'], message: 'cases:errors.remedyRequired' })
  })
  .transform((v) => ({
    ...v,
    // An invalid complaint is attributed to no one, whatever the form still carried.
    attributedDepartmentId: v.valid ? (v.attributedDepartmentId ?? null) : null,
    attributedUserId: v.valid ? (v.attributedUserId ?? null) : null,
  }))

export const caseActionSchema = z.discriminatedUnion('type', [
  /** Patient service takes the case on (a case still with its first responsible person moves to patient service). */
  z.object({ type: z.literal('accept'), note }),
  /** 不予受理: the reason is told to the patient. */
  z.object({ type: z.literal('decline'), reason: text('cases:errors.declineReasonRequired'), via }),
  z.object({ type: z.literal('startInvestigation'), note }),
  z.object({ type: z.literal('involveDepartments'), departmentIds: z.array(id).min(1, 'cases:errors.departmentsRequired') }),
  z.object({ type: z.literal('recordFindings'), departmentId: id, findings: text('cases:errors.findingsRequired') }),
  /** The answer to the patient (sent or logged by the service). */
  z.object({ type: z.literal('respond'), answer: text('cases:errors.answerRequired'), via }),
  closeSchema,
  /** The patient disputes the answer with something new. */
  z.object({ type: z.literal('reopen'), newInformation: text('cases:errors.newInformationRequired') }),
  /** Waiting for the patient: the clocks pause. */
  z.object({ type: z.literal('hold'), reason: text('cases:errors.holdReasonRequired') }),
  z.object({ type: z.literal('resume'), note }),
  /** 当场协调解决: the first responsible person settles it and records what was done. */
  z.object({ type: z.literal('resolveOnTheSpot'), whatWasDone: text('cases:errors.whatWasDoneRequired') }),
  /** The first responsible person passes the case to patient service, saying why. */
  z.object({ type: z.literal('handOver'), to: handoverTargetSchema, note: text('cases:errors.handoverNoteRequired') }),
  /** Patient service gives the case to one of its own people (or back to the department queue). */
  z.object({ type: z.literal('assign'), to: handoverTargetSchema, note }),
  /** Urgent cases get the short first-contact clock (2 working hours by default). */
  z.object({ type: z.literal('setUrgency'), urgent: z.boolean({ message: 'cases:errors.urgencyRequired' }), note }),
])

/** An action as a caller builds it (optional notes may be left out). */
export type CaseActionInput = z.input<typeof caseActionSchema>
/** An action after validation: text trimmed, empty notes null. */
export type CaseAction = z.output<typeof caseActionSchema>
export type CaseActionOf<T extends CaseActionType> = Extract<CaseAction, { type: T }>
export type CloseRecord = Omit<CaseActionOf<'close'>, 'type'>
