export default {
  title: '退订问卷邮件',
  intro: '您将不再收到{{hospital}}发往 {{email}} 的满意度问卷邮件。',
  confirm: '确认退订',
  doneTitle: '已退订',
  doneBody: '{{hospital}}不会再向 {{email}} 发送问卷邮件。如果这是误操作，请联系医院患者服务部。',
  noEmailTitle: '此链接没有对应的邮箱',
  noEmailBody: '这份问卷是通过短信发送的。如不想再收到短信，请回复 TD 退订。',
  unknownTitle: '链接无效',
  unknownBody: '请检查链接是否完整。',
} as const
