import type { Dimension, LocalizedText, SurveyQuestion, SurveyTemplateContent } from './survey-template.ts'

/**
 * The templates every hospital starts with, modelled on the questionnaires of the national
 * hospital satisfaction monitoring (全国医院满意度监测). Hospitals copy and edit them.
 */
export const SHIPPED_TEMPLATE_KEYS = ['outpatient', 'inpatient', 'staff', 'complaint_followup', 'quick_rating'] as const
export type ShippedTemplateKey = (typeof SHIPPED_TEMPLATE_KEYS)[number]
export type ShippedSurveyTemplate = { key: ShippedTemplateKey; content: SurveyTemplateContent }

const t = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en })

type Options = { required?: boolean; help?: LocalizedText }
function rating(id: string, dimension: Dimension, text: LocalizedText, { required = true, help }: Options = {}): SurveyQuestion {
  return { id, type: 'rating', required, dimension, text, ...(help && { help }) }
}
function nps(id: string, text: LocalizedText): SurveyQuestion {
  return { id, type: 'nps', required: true, dimension: 'recommendation', text }
}
function freeText(id: string, text: LocalizedText, { allowComplaint, help }: { allowComplaint: boolean; help?: LocalizedText }): SurveyQuestion {
  return { id, type: 'text', required: false, dimension: 'overall', text, allowComplaint, ...(help && { help }) }
}

const recommendHospital = nps(
  'recommend',
  t('您有多大可能向亲友推荐我院？（0 表示完全不可能，10 表示非常可能）', 'How likely are you to recommend our hospital to friends and family? (0 = not at all likely, 10 = extremely likely)'),
)
const complaintHelp = t(
  '如希望医院把您的意见作为投诉处理并联系您，请勾选下方的选项。',
  'If you would like the hospital to handle this as a complaint and contact you, tick the box below.',
)
const ethicsHelp = t(
  '如遇到索要红包、回扣等情况，请在最后一题告诉我们，我们会严肃处理。',
  'If anyone asked you for a red envelope, a kickback or a gift, please tell us in the last question; we will take it seriously.',
)

const outpatient: SurveyTemplateContent = {
  title: t('门诊患者满意度调查', 'Outpatient satisfaction survey'),
  intro: t(
    '感谢您来我院就诊。为了持续改进服务，请根据本次就诊的真实感受回答以下问题，大约需要 3 分钟。您的回答仅用于改进医院服务。',
    'Thank you for visiting our hospital. To help us improve, please answer the following questions based on your recent visit. It takes about 3 minutes, and your answers are used only to improve our services.',
  ),
  paged: true,
  questions: [
    rating('registration', 'process_waiting', t('您对本次挂号（含预约挂号）的便捷程度满意吗？', 'How satisfied are you with how easy it was to register or book your appointment?')),
    rating('waiting_time', 'process_waiting', t('您对候诊（从到达诊区到见到医生）的等候时间满意吗？', 'How satisfied are you with how long you waited to see the doctor after arriving?')),
    rating('doctor_listening', 'doctor_communication', t('您对医生认真倾听您描述病情的程度满意吗？', 'How satisfied are you with how carefully the doctor listened to you describe your condition?')),
    rating(
      'doctor_explanation',
      'doctor_communication',
      t('您对医生用通俗易懂的话解释病情、检查和治疗方案的情况满意吗？', 'How satisfied are you with how clearly the doctor explained your condition, tests and treatment in words you could understand?'),
    ),
    rating('nurse_attitude', 'nurse_communication', t('您对护士（如分诊、注射、采血）的服务态度满意吗？', 'How satisfied are you with the attitude of the nurses (for example at triage, injections or blood tests)?')),
    rating('tests_waiting', 'process_waiting', t('您对检查、检验和取药的等候时间满意吗？', 'How satisfied are you with the waiting times for tests and for collecting your medicines?')),
    rating('signage', 'environment', t('您对院内标识和指引的清晰程度满意吗？', 'How satisfied are you with how clear the signs and directions in the hospital were?')),
    rating('cleanliness', 'environment', t('您对门诊区域和卫生间的清洁卫生满意吗？', 'How satisfied are you with the cleanliness of the outpatient areas and toilets?')),
    rating('cost_transparency', 'costs', t('您对收费的透明程度（清楚每项费用的用途）满意吗？', 'How satisfied are you with how transparent the charges were (knowing what each charge was for)?')),
    rating('privacy', 'privacy', t('您对问诊和检查时个人隐私的保护满意吗？', 'How satisfied are you with how your privacy was protected during consultations and examinations?')),
    rating(
      'integrity',
      'ethics',
      t(
        '您对医务人员廉洁行医（不索要或收受红包、礼品，不推销药品或开不必要的检查）的情况满意吗？',
        'How satisfied are you that staff acted with integrity (no asking for or accepting red envelopes or gifts, no pushing medicines or unnecessary tests)?',
      ),
      { help: ethicsHelp },
    ),
    rating('overall', 'overall', t('总体来说，您对本次门诊就医经历满意吗？', 'Overall, how satisfied are you with this outpatient visit?')),
    recommendHospital,
    freeText('comments', t('您还有什么想告诉我们的吗？欢迎提出意见和建议。', 'Is there anything else you would like to tell us? Comments and suggestions are welcome.'), {
      allowComplaint: true,
      help: complaintHelp,
    }),
  ],
}

const inpatient: SurveyTemplateContent = {
  title: t('住院患者满意度调查', 'Inpatient satisfaction survey'),
  intro: t(
    '感谢您选择我院住院治疗。为了持续改进服务，请根据本次住院的真实感受回答以下问题，大约需要 5 分钟。您的回答仅用于改进医院服务。',
    'Thank you for choosing our hospital for your stay. To help us improve, please answer the following questions based on your recent stay. It takes about 5 minutes, and your answers are used only to improve our services.',
  ),
  paged: true,
  questions: [
    rating('admission', 'process_waiting', t('您对办理入院手续的便捷程度满意吗？', 'How satisfied are you with how easy the admission procedures were?')),
    rating(
      'doctor_explanation',
      'doctor_communication',
      t('住院期间，您对医生用通俗易懂的话解释病情和治疗方案的情况满意吗？', 'During your stay, how satisfied were you with how clearly the doctors explained your condition and treatment plan?'),
    ),
    rating(
      'doctor_listening',
      'doctor_communication',
      t('您对医生倾听您和家属的意见、解答疑问的情况满意吗？', 'How satisfied were you with how the doctors listened to you and your family and answered your questions?'),
    ),
    rating(
      'nurse_communication',
      'nurse_communication',
      t('您对护士的服务态度以及向您解释护理和用药的情况满意吗？', "How satisfied were you with the nurses' attitude and how they explained your care and medicines?"),
    ),
    rating('call_bell', 'nurse_communication', t('您对按呼叫铃后护士回应的及时程度满意吗？', 'How satisfied were you with how quickly nurses came when you pressed the call bell?')),
    rating('medical_quality', 'medical_quality', t('您对住院期间的诊疗效果和医疗技术水平满意吗？', 'How satisfied are you with the results of your treatment and the standard of medical care?')),
    rating(
      'pain_management',
      'pain_management',
      t('如您曾感到疼痛，您对医护人员帮助您控制疼痛的情况满意吗？', 'If you were in pain, how satisfied were you with how staff helped you control it?'),
      { required: false, help: t('如住院期间没有疼痛，可跳过此题。', 'If you had no pain during your stay, you may skip this question.') },
    ),
    rating('ward_cleanliness', 'environment', t('您对病房及卫生间的清洁、舒适程度满意吗？', 'How satisfied were you with the cleanliness and comfort of your room and its toilet?')),
    rating('night_quiet', 'environment', t('您对夜间病房的安静程度满意吗？', 'How satisfied were you with how quiet the ward was at night?')),
    rating('food', 'food', t('您对住院期间的膳食（口味、卫生、送餐是否及时）满意吗？', 'How satisfied were you with the meals during your stay (taste, hygiene, serving on time)?'), {
      required: false,
      help: t('如未在医院订餐，可跳过此题。', 'If you did not have hospital meals, you may skip this question.'),
    }),
    rating(
      'daily_bill',
      'costs',
      t('您对住院费用的透明程度（如每日费用清单清楚易懂）满意吗？', 'How satisfied were you with how transparent the charges were (for example, a clear daily bill list)?'),
    ),
    rating(
      'discharge_guidance',
      'discharge_guidance',
      t('您对出院时医护人员交代用药、复诊和康复注意事项的清楚程度满意吗？', 'How satisfied were you with how clearly staff explained your medicines, follow-up visits and recovery when you left hospital?'),
    ),
    rating(
      'integrity',
      'ethics',
      t(
        '住院期间，您对医务人员廉洁行医（不索要或收受红包、礼品，不推销药品或开不必要的检查）的情况满意吗？',
        'During your stay, how satisfied are you that staff acted with integrity (no asking for or accepting red envelopes or gifts, no pushing medicines or unnecessary tests)?',
      ),
      { help: ethicsHelp },
    ),
    rating('overall', 'overall', t('总体来说，您对本次住院经历满意吗？', 'Overall, how satisfied are you with your stay in our hospital?')),
    recommendHospital,
    freeText('comments', t('您还有什么想告诉我们的吗？欢迎提出意见和建议。', 'Is there anything else you would like to tell us? Comments and suggestions are welcome.'), {
      allowComplaint: true,
      help: complaintHelp,
    }),
  ],
}

const staff: SurveyTemplateContent = {
  title: t('员工满意度调查', 'Staff satisfaction survey'),
  intro: t(
    '感谢您参与员工满意度调查。请根据您的真实感受作答，结果仅以汇总形式用于改进医院管理。',
    'Thank you for taking part in the staff satisfaction survey. Please answer honestly; results are only reported in aggregate to improve how the hospital is run.',
  ),
  paged: false,
  questions: [
    rating('work_environment', 'work_environment', t('您对工作场所的环境和设施设备满意吗？', 'How satisfied are you with your workplace and its facilities and equipment?')),
    rating('workload', 'workload', t('您对目前的工作量和排班安排满意吗？', 'How satisfied are you with your current workload and shift schedule?')),
    rating('pay_fairness', 'pay_benefits', t('您对薪酬福利的公平合理程度满意吗？', 'How satisfied are you with how fair and reasonable your pay and benefits are?')),
    rating(
      'leadership_communication',
      'management',
      t('您对科室和医院领导与员工沟通、听取意见的情况满意吗？', 'How satisfied are you with how department and hospital leaders communicate with staff and listen to their views?'),
    ),
    rating('management_fairness', 'management', t('您对医院管理制度的公开、公平程度满意吗？', "How satisfied are you with how open and fair the hospital's management policies are?")),
    rating('growth', 'growth', t('您对培训、进修和职业发展机会满意吗？', 'How satisfied are you with training, further study and career development opportunities?')),
    rating(
      'workplace_safety',
      'workplace_safety',
      t('您对执业安全（如防范暴力伤医、职业防护）的保障满意吗？', 'How satisfied are you with your safety at work (such as protection from violence and occupational hazards)?'),
    ),
    rating('overall', 'overall', t('总体来说，您对在本院工作满意吗？', 'Overall, how satisfied are you with working at this hospital?')),
    nps('recommend_workplace', t('您有多大可能推荐亲友来本院工作？（0 表示完全不可能，10 表示非常可能）', 'How likely are you to recommend working at this hospital to a friend? (0 = not at all likely, 10 = extremely likely)')),
    freeText('suggestions', t('您对改进医院管理和工作环境有什么建议？', 'What suggestions do you have for improving how the hospital is run or your working environment?'), {
      allowComplaint: false,
    }),
  ],
}

const complaintFollowup: SurveyTemplateContent = {
  title: t('投诉处理满意度回访', 'Complaint handling follow-up'),
  intro: t(
    '您此前向我院反映的问题已处理完毕。请告诉我们您对处理过程和结果的看法，帮助我们做得更好。',
    'The matter you raised with our hospital has been dealt with. Please tell us what you think of how it was handled and of the outcome, so we can do better.',
  ),
  paged: false,
  questions: [
    rating('handling', 'complaint_handling', t('您对医院处理您这次投诉的过程满意吗？', 'How satisfied are you with how the hospital handled your complaint?')),
    rating('timeliness', 'complaint_handling', t('您对医院回复和处理的及时程度满意吗？', 'How satisfied are you with how quickly the hospital responded and dealt with it?')),
    rating('handler_attitude', 'complaint_handling', t('您对负责处理投诉的工作人员的态度满意吗？', 'How satisfied are you with the attitude of the staff who handled your complaint?')),
    {
      id: 'resolved',
      type: 'single_choice',
      required: true,
      dimension: 'complaint_handling',
      text: t('您反映的问题解决了吗？', 'Was the problem you raised resolved?'),
      choices: [
        { id: 'solved', label: t('已解决', 'Resolved') },
        { id: 'partly', label: t('部分解决', 'Partly resolved') },
        { id: 'not_solved', label: t('未解决', 'Not resolved') },
      ],
    },
    rating('overall', 'overall', t('总体来说，您对本次投诉的处理结果满意吗？', 'Overall, how satisfied are you with the outcome of your complaint?')),
    freeText('comments', t('您还有其他意见，或仍未解决的问题吗？', 'Do you have any other comments, or is anything still unresolved?'), {
      allowComplaint: true,
      help: complaintHelp,
    }),
  ],
}

const quickRating: SurveyTemplateContent = {
  title: t('满意度快速评价', 'Quick satisfaction rating'),
  paged: false,
  questions: [rating('overall', 'overall', t('总体来说，您对本次就医体验满意吗？', 'Overall, how satisfied are you with your experience at our hospital?'))],
}

/** Frozen: templates share label objects, and a hospital's copy must never change the original. */
export const SHIPPED_SURVEY_TEMPLATES: readonly ShippedSurveyTemplate[] = deepFreeze([
  { key: 'outpatient', content: outpatient },
  { key: 'inpatient', content: inpatient },
  { key: 'staff', content: staff },
  { key: 'complaint_followup', content: complaintFollowup },
  { key: 'quick_rating', content: quickRating },
])

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}
