export default {
  title: '医院设置',
  intro: '医院名称会显示在员工页面顶部、患者扫码页面和发给患者的消息中。',
  readOnly: '您可以查看医院设置，只有系统管理员可以修改。',
  saved: '医院设置已保存。',
  unchanged: '没有修改任何设置。',
  fields: {
    slug: '医院标识（网址中使用，不可修改）',
    name: '医院名称',
    nameEn: '英文名称（可选）',
    nameEnHint: '英文页面中显示，如“Huiyin People’s Hospital”。',
    timeZone: '时区',
    timeZoneHint: '处理时限、报表和页面上的时间都按此时区计算和显示。中国大陆医院请使用 Asia/Shanghai（北京时间）。',
    defaultLocale: '默认语言',
    defaultLocaleHint: '患者页面和发给患者的消息默认使用的语言；员工可在页面顶部自行切换语言。',
  },
  notSet: '未设置',
  errors: {
    timeZoneInvalid: '请选择有效的时区（IANA 时区名称，如 Asia/Shanghai）。',
    localeInvalid: '请选择中文或英文。',
  },
} as const
