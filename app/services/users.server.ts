import type { Locale } from '#app/domain/locales.ts'
import type { AppContext } from '#app/lib/app-context.server.ts'
import { listMembershipsOfUser, updateUser } from '#db/queries/users.ts'

export async function setUserLocale(ctx: AppContext, userId: string, locale: Locale) {
  await updateUser(ctx.db, userId, { locale })
}

export function listHospitalsOfUser(ctx: AppContext, userId: string) {
  return listMembershipsOfUser(ctx.db, userId)
}
