import type { Category } from './intake.ts'

/** Words for the demo history: invented people and typical feedback, nothing real. */

type Random = () => number
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高']
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '桂英', '建华', '志强', '海燕', '晓东', '丹']

export function demoPersonName(random: Random): string {
  return pick(random, SURNAMES) + pick(random, GIVEN)
}

/** A mobile number in the 139 0000 range, not a real subscriber's pattern. */
export function demoPhone(random: Random): string {
  return `+86139000${String(Math.floor(random() * 100000)).padStart(5, '0')}`
}

export const DEMO_STAFF_NAMES = ['刘医生', '孙护士', '周医生', '吴护士', '郑医生', '冯护士', '何技师', '许医生', '韩护士', '唐药师', '曹医生', '邓护士']

export const DEMO_PRAISE = [
  '医生非常耐心，把病情讲得很清楚，谢谢！',
  '护士态度特别好，打针一点都不疼。',
  '住院期间得到了细心的照顾，全家都很感激。',
  '窗口工作人员很热情，帮我老人家办好了所有手续。',
  '夜班护士及时发现了父亲的病情变化，非常感谢。',
  '检查前讲解得很仔细，让我不再紧张。',
]

export const DEMO_COMPLAINTS: Partial<Record<Category, string[]>> & { other: string[] } = {
  service_attitude: ['窗口工作人员说话很不耐烦，问两句就不理人。', '护士换药时态度生硬，家属询问也不解释。', '分诊台工作人员对老人态度不好。'],
  process_waiting: ['预约了九点的号，十一点还没有看上。', '取药排队将近一个小时，窗口只开了两个。', '检查结果迟迟出不来，来回跑了三趟。'],
  medical_quality: ['术后伤口感染，复查时医生没有认真处理。', '用药后出现不良反应，医生没有及时调整。'],
  costs: ['费用清单上有没做过的检查项目。', '住院费用比入院时告知的高出很多，没有解释。'],
  communication: ['医生没有解释检查结果就让我出院了。', '病情变化没有及时告知家属。'],
  environment: ['病房卫生间很脏，反映了也没人打扫。', '候诊区空调不制冷，非常闷热。'],
  food: ['病号饭送来时已经凉了。'],
  parking: ['停车场排队半小时进不去，指引不清楚。'],
  privacy: ['问诊时其他患者都在诊室里，隐私得不到保护。'],
  medical_ethics: ['医生推荐去院外药店买指定的药。'],
  other: ['电话一直打不通，咨询不到任何信息。'],
}

export const DEMO_COMMENTS = {
  good: ['整体很满意，医护人员辛苦了。', '环境干净，流程顺畅。', '希望继续保持。'],
  poor: ['排队时间太长，希望增加窗口。', '指引标识不清楚，找了很久。', '希望医生能多解释一些。'],
}
