import type { CSSProperties } from 'react'
import { useTranslation } from 'react-i18next'
import type { SlaBadge } from '#app/domain/sla.ts'

/** Colour by urgency; the word always says it too (never colour alone). */
const TONE: Readonly<Record<SlaBadge, CSSProperties>> = {
  on_time: { background: '#e6f4ea', color: '#08533b' },
  due_soon: { background: '#fff3d6', color: '#7a4b00' },
  overdue: { background: '#fdecea', color: '#b42318', fontWeight: 600 },
  paused: { background: '#e4e7eb', color: '#3e4c59' },
  met: { background: '#e6f4ea', color: '#08533b' },
  missed: { background: '#fdecea', color: '#8a1c12' },
}

/**
 * An SLA clock's badge (sla.ts slaBadge), with an optional due-time label already formatted
 * by the caller (e.g. in the hospital's time zone).
 */
export function SlaBadgeLabel({ badge, dueAt }: { badge: SlaBadge; dueAt?: string | undefined }) {
  const { t } = useTranslation('cases')
  return (
    <span className="sla-badge" data-sla={badge}>
      <span className="pill" style={TONE[badge]}>
        {t(`badges.${badge}`)}
      </span>
      {dueAt ? (
        <>
          {' '}
          <span className="muted" style={{ whiteSpace: 'nowrap' }}>
            {dueAt}
          </span>
        </>
      ) : null}
    </span>
  )
}
