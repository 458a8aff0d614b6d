import { expect, test } from '@playwright/test'
import {
  countDocumentLoads,
  DEMO_USERS,
  expectNoUntranslatedKeys,
  fill,
  HOSPITAL_PATH,
  LANGUAGES,
  messages,
  signIn,
  switchLanguage,
  waitForHydration,
} from './support.ts'

const PARENT = '内科' // a seeded top-level department

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript'
  for (const { locale, browserLocale } of LANGUAGES) {
    test.describe(`departments admin ${mode} (${locale})`, () => {
      test.use({ locale: browserLocale, javaScriptEnabled })

      test(`admin creates, renames and deactivates a department, and an empty name is refused (${mode}, ${locale})`, async ({ page }) => {
        const m = messages(locale)
        const tag = `${javaScriptEnabled ? 'js' : 'nojs'}-${locale}-${Date.now().toString(36)}`
        const name = `测试病区${tag}`
        const nameEn = `Test ward ${tag}`
        const renamed = `改名病区${tag}`
        const renamedEn = `Renamed ward ${tag}`

        await signIn(page, DEMO_USERS.admin)
        await switchLanguage(page, locale)
        await page.locator('[data-nav="departments"]').click()
        await expect(page).toHaveURL(new RegExp(`${HOSPITAL_PATH}/admin/departments$`))
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(m.departments.title)

        let documentLoads = () => 0
        if (javaScriptEnabled) {
          await waitForHydration(page)
          documentLoads = countDocumentLoads(page)
        }

        const form = page.getByRole('form', { name: m.departments.createTitle })
        const nameField = form.getByLabel(m.departments.fields.name, { exact: true })
        const nameEnField = form.getByLabel(m.departments.fields.nameEn, { exact: true })
        const typeField = form.getByLabel(m.departments.fields.type, { exact: true })
        const parentField = form.getByLabel(m.departments.fields.parent, { exact: true })

        // A name of spaces passes the browser's `required` but is empty to the server.
        await nameField.fill('   ')
        await nameEnField.fill(nameEn)
        await typeField.selectOption('functional')
        await parentField.selectOption({ label: PARENT })
        await form.getByRole('button', { name: m.common.actions.create, exact: true }).click()

        await expect(form.locator('.form-error')).toHaveText(m.common.errors.formHasErrors)
        await expect(nameField).toHaveAttribute('aria-invalid', 'true')
        await expect(form.locator('.field.has-error .error')).toHaveText(m.common.errors.required)
        await expect(nameEnField).toHaveValue(nameEn)
        await expect(typeField).toHaveValue('functional')
        await expect(parentField.locator('option:checked')).toHaveText(PARENT)
        await expectNoUntranslatedKeys(page)

        await nameField.fill(name)
        await form.getByRole('button', { name: m.common.actions.create, exact: true }).click()

        await expect(page.getByRole('status')).toHaveText(fill(m.departments.created, { name }))
        const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) })
        await expect(row.getByRole('cell')).toHaveText([name, nameEn, m.common.departmentTypes.functional, PARENT, '0', m.common.status.active])
        await expectNoUntranslatedKeys(page)

        await row.getByRole('link', { name, exact: true }).click()
        await expect(page).toHaveURL(new RegExp(`${HOSPITAL_PATH}/admin/departments/[0-9a-f-]{36}$`))
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(fill(m.departments.editTitle, { name }))
        const edit = page.locator('main form')
        await expect(edit.getByLabel(m.departments.fields.name, { exact: true })).toHaveValue(name)
        await expect(edit.getByLabel(m.departments.fields.parent, { exact: true }).locator('option:checked')).toHaveText(PARENT)
        await expectNoUntranslatedKeys(page)

        await edit.getByLabel(m.departments.fields.name, { exact: true }).fill(renamed)
        await edit.getByLabel(m.departments.fields.nameEn, { exact: true }).fill(renamedEn)
        await edit.getByLabel(m.departments.fields.active, { exact: true }).uncheck()
        await edit.getByRole('button', { name: m.common.actions.save, exact: true }).click()

        await expect(page).toHaveURL(new RegExp(`${HOSPITAL_PATH}/admin/departments$`))
        const renamedRow = page.getByRole('row').filter({ has: page.getByRole('cell', { name: renamed, exact: true }) })
        await expect(renamedRow.getByRole('cell')).toHaveText([renamed, renamedEn, m.common.departmentTypes.functional, PARENT, '0', m.common.status.inactive])
        await expect(page.getByRole('cell', { name, exact: true })).toHaveCount(0)
        // An inactive department is no longer offered as a parent.
        await expect(parentField.locator('option', { hasText: renamed })).toHaveCount(0)
        await expectNoUntranslatedKeys(page)

        if (javaScriptEnabled) expect(documentLoads(), 'forms and links ran in the browser without full page loads').toBe(0)
      })
    })
  }
}
