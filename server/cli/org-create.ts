import { parseArgs } from 'node:util'
import { z } from 'zod'
import { createHospital, HospitalExistsError } from '#app/services/hospitals.server.ts'
import { inviteStaff } from '#app/services/invitations.server.ts'
import { runCli } from './bootstrap.ts'

const USAGE = `Usage: npm run org:create -- --name <医院名称> --admin-email <email> [--slug <slug>] [--name-en <English name>]
       [--admin-name <name>] [--time-zone Asia/Shanghai] [--locale zh-CN|en]

Creates a hospital (tenant) with its patient-service department and emails its first
administrator a one-time invitation link (printed here too).`

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    'name-en': { type: 'string' },
    slug: { type: 'string' },
    'admin-email': { type: 'string' },
    'admin-name': { type: 'string' },
    'time-zone': { type: 'string' },
    locale: { type: 'string' },
    help: { type: 'boolean' },
  },
  strict: true,
})

if (values.help || !values.name || !values['admin-email']) {
  console.log(USAGE)
  process.exit(values.help ? 0 : 2)
}

const slugFrom = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)

await runCli(async (runtime) => {
  const { ctx } = runtime
  const email = z.string().email().safeParse(values['admin-email'])
  if (!email.success) {
    console.error(`--admin-email: "${values['admin-email']}" is not an email address`)
    return 2
  }
  const slug = values.slug ?? (slugFrom(values['name-en'] ?? '') || `h${Date.now().toString(36)}`)
  try {
    const result = await ctx.db.transaction(async (tx) => {
      const { organization } = await createHospital(ctx, tx, {
        name: values.name!,
        nameEn: values['name-en'],
        slug,
        timeZone: values['time-zone'],
        defaultLocale: values.locale === 'en' ? 'en' : 'zh-CN',
      })
      const invite = await inviteStaff(
        ctx,
        tx,
        { organizationId: organization.id, actorUserId: null, actorName: 'Huiyin', locale: organization.defaultLocale },
        { email: email.data, name: values['admin-name'] ?? email.data.split('@')[0]!, role: 'admin' },
      )
      if (!invite.ok) throw new Error(`could not invite the administrator: ${invite.error}`)
      return { organization, invite }
    })
    await result.invite.dispatch()
    console.log(`Hospital “${result.organization.name}” created: ${ctx.config.publicUrl}/app/${result.organization.slug}`)
    console.log(`Invitation for ${email.data} queued (sent by the worker). One-time link:\n  ${result.invite.link}`)
  } catch (e) {
    if (e instanceof HospitalExistsError || e instanceof z.ZodError) {
      console.error(e instanceof z.ZodError ? e.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n') : e.message)
      return 2
    }
    throw e
  }
})
