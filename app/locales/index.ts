import enAudit from './en/audit.ts'
import enAuth from './en/auth.ts'
import enCommon from './en/common.ts'
import enDepartments from './en/departments.ts'
import enOutbox from './en/outbox.ts'
import enSettings from './en/settings.ts'
import enStaff from './en/staff.ts'
import enTouchpoints from './en/touchpoints.ts'
import enIntake from './en/intake.ts'
import enPatient from './en/patient.ts'
import enStaffIntake from './en/staffIntake.ts'
import enCases from './en/cases.ts'
import enCalendar from './en/calendar.ts'
import enCaseList from './en/caseList.ts'
import enCasePage from './en/casePage.ts'
import enNotifications from './en/notifications.ts'
import enSurveys from './en/surveys.ts'
import enSurveyRecipients from './en/survey-recipients.ts'
import enSurveyAlerts from './en/survey-alerts.ts'
import enSurveyUnsubscribe from './en/survey-unsubscribe.ts'
import enPublicBoard from './en/public-board.ts'
import zhAudit from './zh-CN/audit.ts'
import zhSurveyUnsubscribe from './zh-CN/survey-unsubscribe.ts'
import zhPublicBoard from './zh-CN/public-board.ts'
import zhAuth from './zh-CN/auth.ts'
import zhCommon from './zh-CN/common.ts'
import zhDepartments from './zh-CN/departments.ts'
import zhOutbox from './zh-CN/outbox.ts'
import zhSettings from './zh-CN/settings.ts'
import zhStaff from './zh-CN/staff.ts'
import zhTouchpoints from './zh-CN/touchpoints.ts'
import zhIntake from './zh-CN/intake.ts'
import zhPatient from './zh-CN/patient.ts'
import zhStaffIntake from './zh-CN/staffIntake.ts'
import zhCases from './zh-CN/cases.ts'
import zhCalendar from './zh-CN/calendar.ts'
import zhCaseList from './zh-CN/caseList.ts'
import zhCasePage from './zh-CN/casePage.ts'
import zhNotifications from './zh-CN/notifications.ts'
import zhSurveys from './zh-CN/surveys.ts'
import zhSurveyRecipients from './zh-CN/survey-recipients.ts'
import zhSurveyAlerts from './zh-CN/survey-alerts.ts'
import zhEvaluation from './zh-CN/evaluation.ts'
import enEvaluation from './en/evaluation.ts'
import zhBoards from './zh-CN/boards.ts'
import enBoards from './en/boards.ts'

/** One namespace per area so features do not edit the same file. */
export const resources = {
  'zh-CN': {
    common: zhCommon,
    auth: zhAuth,
    departments: zhDepartments,
    touchpoints: zhTouchpoints,
    staff: zhStaff,
    settings: zhSettings,
    outbox: zhOutbox,
    audit: zhAudit,
    intake: zhIntake,
    patient: zhPatient,
    staffIntake: zhStaffIntake,
    cases: zhCases,
    calendar: zhCalendar,
    caseList: zhCaseList,
    casePage: zhCasePage,
    notifications: zhNotifications,
    surveys: zhSurveys,
    surveyRecipients: zhSurveyRecipients,
    surveyAlerts: zhSurveyAlerts,
    surveyUnsubscribe: zhSurveyUnsubscribe,
    evaluation: zhEvaluation,
    publicBoard: zhPublicBoard,
    boards: zhBoards,
  },
  en: {
    common: enCommon,
    auth: enAuth,
    departments: enDepartments,
    touchpoints: enTouchpoints,
    staff: enStaff,
    settings: enSettings,
    outbox: enOutbox,
    audit: enAudit,
    intake: enIntake,
    patient: enPatient,
    staffIntake: enStaffIntake,
    cases: enCases,
    calendar: enCalendar,
    caseList: enCaseList,
    casePage: enCasePage,
    notifications: enNotifications,
    surveys: enSurveys,
    surveyRecipients: enSurveyRecipients,
    surveyAlerts: enSurveyAlerts,
    surveyUnsubscribe: enSurveyUnsubscribe,
    evaluation: enEvaluation,
    publicBoard: enPublicBoard,
    boards: enBoards,
  },
} as const
