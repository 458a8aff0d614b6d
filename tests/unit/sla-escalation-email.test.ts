import { describe, expect, it } from 'vitest'
import { renderSlaEscalationEmail } from '#emails/sla-escalation.ts'

const base = {
  hospitalName: '回音示范医院',
  caseNumber: 'HY-202611-00012',
  clockKind: 'answer' as const,
  departmentName: null,
  dueAt: new Date('2026-11-30T02:00:00Z'),
  timeZone: 'Asia/Shanghai',
  caseUrl: 'https://huiyin.example/app/demo/cases/0b8e?x=<1>',
}

describe('SLA escalation email', () => {
  it('says which clock of which case reached which milestone, with the deadline in the hospital’s time zone (zh-CN)', () => {
    const email = renderSlaEscalationEmail({ ...base, locale: 'zh-CN', milestone: 'warn' })
    expect(email.subject).toBe('【回音】案件 HY-202611-00012：答复患者时限已过 75%')
    expect(email.text).toContain('2026年11月30日 10:00')
    expect(email.text).toContain(base.caseUrl)
    // The link is escaped in the HTML part.
    expect(email.html).toContain('href="https://huiyin.example/app/demo/cases/0b8e?x=&lt;1&gt;"')
  })

  it('names the involved department of a findings clock and escalates in English for an English reader', () => {
    const email = renderSlaEscalationEmail({ ...base, locale: 'en', clockKind: 'findings', departmentName: 'Radiology', milestone: 'overdue' })
    expect(email.subject).toBe('[Huiyin] Case HY-202611-00012: Findings from Radiology is one working day overdue')
    expect(email.text).toContain('escalated to the patient-service director and hospital leadership')
    expect(email.html).toContain('<html lang="en">')
  })
})
