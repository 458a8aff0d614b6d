import { useTranslation } from 'react-i18next'
import { Form } from 'react-router'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { canMoveCampaign, type CampaignStatus } from '#app/domain/survey-invitation.ts'

/** The button for each move canMoveCampaign allows from `status`; "start" from a draft, "resume" when paused. */
export function CampaignStatusActions({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation('surveys')
  const moves = (['running', 'paused', 'stopped'] as const).filter((to) => canMoveCampaign(status, to))
  if (moves.length === 0) return null
  const label = (to: (typeof moves)[number]) => (to === 'running' ? (status === 'paused' ? t('campaigns.actions.resume') : t('campaigns.actions.start')) : to === 'paused' ? t('campaigns.actions.pause') : t('campaigns.actions.stop'))
  return (
    <Form method="post" className="actions" data-campaign-actions="">
      <CsrfInput />
      <input type="hidden" name="intent" value="status" />
      {moves.map((to) => (
        <button key={to} type="submit" name="to" value={to} className={to === 'stopped' ? 'danger' : to === 'running' ? 'primary' : 'secondary'}>
          {label(to)}
        </button>
      ))}
      {moves.includes('stopped') ? <p className="hint">{t('campaigns.actions.stopHint')}</p> : null}
    </Form>
  )
}
