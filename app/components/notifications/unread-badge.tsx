import { useTranslation } from 'react-i18next'

/** The number of unread notifications beside the navigation link; nothing when all are read. */
export function UnreadBadge({ count }: { count: number }) {
  const { t } = useTranslation('notifications')
  if (count <= 0) return null
  return (
    <span className="pill" data-unread-notifications={count} aria-label={t('badge', { count })} style={{ marginLeft: '0.4rem', background: 'var(--green)', color: '#fff' }}>
      {count > 99 ? '99+' : count}
    </span>
  )
}
