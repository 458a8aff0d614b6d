import { useTranslation } from 'react-i18next'
import { minutesToDuration, type CampaignSettings } from '#app/domain/survey-campaign-settings.ts'

/** "3 天", "2 天 4 小时", "1 hour": whole days and hours, as the form shows them. */
export function useDurationWords() {
  const { t } = useTranslation('surveys')
  return (minutes: number) => {
    const { days, hours } = minutesToDuration(minutes)
    const d = days === 1 ? t('campaigns.summary.day') : t('campaigns.summary.days', { count: days })
    const h = hours === 1 ? t('campaigns.summary.hour') : t('campaigns.summary.hours', { count: hours })
    if (days && hours) return t('campaigns.summary.join', { days: d, hours: h })
    return days ? d : h
  }
}

/**
 * A campaign's settings in one sentence, e.g. "出院后 3 天发送，09:00–20:00 之间；2 天后提醒一次；
 * 7 天后失效；同一人 30 天内只调查一次。", then its channel and departments.
 */
export function CampaignSummary({ settings, departmentNames }: { settings: CampaignSettings; departmentNames: string[] }) {
  const { t, i18n } = useTranslation('surveys')
  const duration = useDurationWords()
  const send = settings.delayMinutes === 0 ? t(`campaigns.summary.sendNow.${settings.trigger}`) : t(`campaigns.summary.send.${settings.trigger}`, { delay: duration(settings.delayMinutes) })
  const reminder = settings.reminderAfterMinutes === null ? t('campaigns.summary.noReminder') : t('campaigns.summary.reminder', { delay: duration(settings.reminderAfterMinutes) })
  const cap =
    settings.frequencyCapDays === 0 ? t('campaigns.summary.noCap') : settings.frequencyCapDays === 1 ? t('campaigns.summary.capOneDay') : t('campaigns.summary.cap', { days: settings.frequencyCapDays })
  return (
    <div data-campaign-summary="">
      <p>
        {t('campaigns.summary.sentence', {
          send,
          window: t('campaigns.summary.window', { from: settings.allowedFrom, until: settings.allowedUntil }),
          reminder,
          expiry: t('campaigns.summary.expiry', { delay: duration(settings.expiryMinutes) }),
          cap,
        })}
      </p>
      <p>{t('campaigns.summary.channel', { channel: t(`campaigns.channels.${settings.channelPreference}`) })}</p>
      <p>{departmentNames.length ? t('campaigns.summary.departments', { names: departmentNames.join(i18n.language === 'en' ? ', ' : '、') }) : t('campaigns.summary.allDepartments')}</p>
    </div>
  )
}
