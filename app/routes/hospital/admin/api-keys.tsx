import { useTranslation } from 'react-i18next'
import { data, Form, redirect, useActionData, useLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/api-keys'
import { CsrfInput } from '#app/components/forms/csrf-input.tsx'
import { FormError, TextField } from '#app/components/forms/field.tsx'
import { isLocale, type Locale } from '#app/domain/locales.ts'
import { requireHospitalAccess } from '#app/lib/auth.server.ts'
import { toFieldErrors } from '#app/lib/form-errors.ts'
import { formatDateTime } from '#app/lib/format.ts'
import { translator } from '#app/lib/i18n.ts'
import { apiKeyNameSchema, apiKeyRevokeSchema, createApiKey, hospitalApiKeys, revokeHospitalApiKey } from '#app/services/api-keys.server.ts'

export async function loader(args: Route.LoaderArgs) {
  const { ctx, organization } = await requireHospitalAccess(args, 'apiKeys.manage')
  return { keys: await hospitalApiKeys(ctx, organization.id), timeZone: organization.timeZone }
}

export async function action(args: Route.ActionArgs) {
  const { ctx, organization, user, locale } = await requireHospitalAccess(args, 'apiKeys.manage')
  const t = translator(locale)
  const actor = { organizationId: organization.id, actorUserId: user.id }
  const form = Object.fromEntries(await args.request.formData())

  if (form.intent === 'revoke') {
    const parsed = apiKeyRevokeSchema.safeParse(form)
    const done = parsed.success && (await revokeHospitalApiKey(ctx, actor, parsed.data.apiKeyId))
    if (!done) return data({ created: null, errors: {} as Record<string, string>, values: {}, formError: t('surveys:apiKeys.errors.notFound') }, { status: 400 })
    return redirect(`/app/${organization.slug}/admin/api-keys?revoked=1`)
  }

  const parsed = apiKeyNameSchema.safeParse(form)
  if (!parsed.success) return data({ created: null, errors: toFieldErrors(parsed.error, locale), values: form, formError: t('common:errors.formHasErrors') }, { status: 400 })
  // Rendered in this response only: the full key is never shown again (no redirect).
  const { key, apiKey } = await createApiKey(ctx, actor, parsed.data)
  return { created: { key, name: apiKey.name }, errors: {} as Record<string, string>, values: {}, formError: undefined }
}

export default function ApiKeys() {
  const { keys, timeZone } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const { t, i18n } = useTranslation(['surveys', 'common'])
  const locale: Locale = isLocale(i18n.language) ? i18n.language : 'zh-CN'
  const values = (actionData?.values ?? {}) as Record<string, string>
  return (
    <section>
      <h1>{t('apiKeys.title')}</h1>
      <p className="muted">{t('apiKeys.intro')}</p>
      {params.get('revoked') ? (
        <p className="notice" role="status">
          {t('apiKeys.revoked')}
        </p>
      ) : null}
      {actionData?.created ? (
        <div className="card notice" role="status" data-new-key>
          <h2>{t('apiKeys.createdTitle')}</h2>
          <p>{actionData.created.name}</p>
          <p>
            <code data-api-key={actionData.created.key}>{actionData.created.key}</code>
          </p>
          <p className="warning">{t('apiKeys.createdOnce')}</p>
        </div>
      ) : null}
      <FormError message={actionData?.formError} />

      <Form method="post" className="card" aria-label={t('apiKeys.create')}>
        <CsrfInput />
        <input type="hidden" name="intent" value="create" />
        <TextField label={t('apiKeys.name')} name="name" required maxLength={100} defaultValue={values.name ?? ''} hint={t('apiKeys.nameHint')} error={actionData?.errors?.name} />
        <button type="submit">{t('apiKeys.create')}</button>
      </Form>

      <h2>{t('apiKeys.list')}</h2>
      {keys.length === 0 ? (
        <p>{t('apiKeys.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('apiKeys.name')}</th>
                <th scope="col">{t('apiKeys.prefix')}</th>
                <th scope="col">{t('apiKeys.createdAt')}</th>
                <th scope="col">{t('apiKeys.lastUsedAt')}</th>
                <th scope="col">{t('apiKeys.state')}</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id} data-api-key-id={k.id} data-revoked={String(k.revokedAt !== null)}>
                  <td>{k.name}</td>
                  <td>
                    <code>{k.keyPrefix}…</code>
                  </td>
                  <td>{formatDateTime(k.createdAt, locale, timeZone)}</td>
                  <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt, locale, timeZone) : t('apiKeys.never')}</td>
                  <td>
                    {k.revokedAt ? (
                      t('apiKeys.revokedAt', { date: formatDateTime(k.revokedAt, locale, timeZone) })
                    ) : (
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="apiKeyId" value={k.id} />
                        {t('apiKeys.active')}{' '}
                        <button type="submit" className="secondary">
                          {t('apiKeys.revoke')}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
