import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { readFile } from "node:fs/promises";
import {
  DEMO_USERS,
  fill,
  HOSPITAL_PATH,
  messages,
  raisePatientIntakeLimit,
  scanTouchpointQrCode,
  signIn,
} from "./support.ts";

/**
 * The satisfaction boards (issue 6): leadership opens the overview, drills into a department,
 * follows it to the month's complaint cases, and exports the month's evaluation; the public
 * board reads in both languages with no sign-in. The demo hospital has no months of history,
 * so the spec makes a little data through the patient pages first and waits for the rollup.
 */

const m = messages("zh-CN");
const en = messages("en");
/** The demo hospital (app/services/demo-hospital.server.ts). */
const HOSPITAL = {
  slug: "demo",
  name: "回音示范医院",
  nameEn: "Huiyin Demo Hospital",
};
const DEPARTMENT = "心血管内科";
const TOUCHPOINT = "心内科病区护士站";
const PHONE = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
};
/** The rollup worker refreshes every 15 s (refreshBoardRollups). */
const ROLLUP_WAIT = 75_000;

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** YYYY-MM of today in the hospital's time zone, and the month before. */
function monthsNow() {
  const [y, mo] = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
  })
    .format(new Date())
    .split("-")
    .map(Number) as [number, number];
  const pad = (n: number) => String(n).padStart(2, "0");
  const previous = mo === 1 ? `${y - 1}-12` : `${y}-${pad(mo - 1)}`;
  return { current: `${y}-${pad(mo)}`, previous };
}
const MONTHS = monthsNow();

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
  expect(serious, `axe-core on ${page.url()}`).toEqual([]);
}

/** A patient at the cardiology ward's QR code: a quick rating, then a complaint; returns the case number. */
async function patientFeedback(browser: Browser, text: string) {
  const url = await scanTouchpointQrCode(browser, TOUCHPOINT);
  const context = await browser.newContext({ ...PHONE, locale: "zh-CN" });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page
      .getByRole("button", { name: m.intake.ratings["4"], exact: true })
      .click();
    await expect(page.getByRole("status")).toContainText(
      m.patient.rating.thanks,
    );

    await page.goto(url);
    const form = page.getByRole("form", { name: m.patient.form.title });
    await form.getByLabel(m.intake.kinds.complaint, { exact: true }).check();
    await form
      .getByLabel(m.patient.form.category, { exact: true })
      .selectOption("process_waiting");
    await form.getByLabel(m.patient.form.text, { exact: true }).fill(text);
    await form
      .getByRole("button", { name: m.patient.form.submit, exact: true })
      .click();
    await expect(page).toHaveURL(/\/t\/[\w-]{43}\?new=1$/);
    const number = (await page.locator("[data-case-number]").textContent())!;
    expect(number).toMatch(/^HY-\d{6}-\d{5}$/);
    return number;
  } finally {
    await context.close();
  }
}

/** The department's row in the overview table. */
function overviewRow(page: Page, department: string) {
  return page
    .locator("table[data-board-overview] tbody tr")
    .filter({ has: page.getByRole("link", { name: department, exact: true }) });
}

async function complaintsOf(page: Page, department: string) {
  return Number(
    (await overviewRow(page, department)
      .locator('td[data-figure="complaints"]')
      .getAttribute("data-value")) ?? 0,
  );
}

test.beforeAll(async ({ browser }) => raisePatientIntakeLimit(browser));

test.describe("boards for leadership (zh-CN)", () => {
  test.use({ locale: "zh-CN" });

  test("leadership opens the overview, drills into a department, and follows it to the month’s complaint cases", async ({
    page,
    browser,
  }) => {
    test.setTimeout(ROLLUP_WAIT + 120_000);
    await signIn(page, DEMO_USERS.leadership);

    // The navigation entry opens the overview (default: the last full month).
    await page.locator('[data-nav="boards"]').click();
    await expect(page).toHaveURL(new RegExp(`${HOSPITAL_PATH}/boards$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      m.boards.overview.title,
    );
    await expect(page.locator("[data-board-month]")).toHaveAttribute(
      "data-board-month",
      MONTHS.previous,
    );
    await expect(page.locator("table[data-board-overview]")).toBeVisible();
    await expect(overviewRow(page, DEPARTMENT)).toHaveCount(1);
    await expect(
      page.locator(
        'table[data-board-overview] tfoot tr[data-department="hospital"] th',
      ),
    ).toHaveText(m.boards.overview.hospitalRow);

    // Switch to the current month with the month picker (a plain GET form).
    const picker = page.getByRole("navigation", { name: m.boards.month.label });
    await picker
      .getByLabel(m.boards.month.label, { exact: true })
      .fill(MONTHS.current);
    await picker
      .getByRole("button", { name: m.boards.month.apply, exact: true })
      .click();
    await expect(page).toHaveURL(
      new RegExp(`/boards\\?month=${MONTHS.current}$`),
    );
    await expect(page.locator("[data-board-month]")).toHaveAttribute(
      "data-board-month",
      MONTHS.current,
    );
    const before = await complaintsOf(page, DEPARTMENT);

    // A patient rates and complains at the department's QR code; the rollup picks it up.
    const number = await patientFeedback(browser, `候诊太久无人解释 ${run}`);
    await expect
      .poll(
        async () => {
          await page.reload();
          return complaintsOf(page, DEPARTMENT);
        },
        { timeout: ROLLUP_WAIT, intervals: [3_000] },
      )
      .toBeGreaterThan(before);
    const complaints = await complaintsOf(page, DEPARTMENT);
    // The hospital total includes the department's complaints.
    expect(
      Number(
        await page
          .locator('tfoot td[data-figure="complaints"]')
          .getAttribute("data-value"),
      ),
    ).toBeGreaterThanOrEqual(complaints);

    // The department's name opens its board for the same month.
    await overviewRow(page, DEPARTMENT)
      .getByRole("link", { name: DEPARTMENT, exact: true })
      .click();
    await expect(page).toHaveURL(
      new RegExp(
        `/boards/departments/[0-9a-f-]{36}\\?month=${MONTHS.current}$`,
      ),
    );
    const departmentId = (await page
      .locator("[data-board-department]")
      .getAttribute("data-board-department"))!;
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      fill(m.boards.department.title, { department: DEPARTMENT }),
    );
    await expect(
      page.getByText(m.boards.department.currentMonth),
    ).toBeVisible();
    const headline = page.getByRole("region", {
      name: DEPARTMENT,
      exact: true,
    });
    for (const key of [
      "satisfaction",
      "responses",
      "nps",
      "complaints",
      "responseRate",
      "resolutionRate",
      "satisfiedRate",
    ] as const) {
      await expect(
        headline.locator(`[data-headline="${key}"] .figure-label`),
      ).toHaveText(m.boards.figures[key]);
    }
    expect(
      Number(
        await headline
          .locator('[data-headline="complaints"]')
          .getAttribute("data-value"),
      ),
    ).toBeGreaterThanOrEqual(complaints);

    // The trend chart's figures as a table (behind a disclosure): this month's row has the complaints.
    const trend = page.locator("[data-board-trend]");
    await expect(trend.getByRole("heading", { level: 2 })).toHaveText(
      m.boards.trend.title,
    );
    await trend.getByText(m.boards.trend.tableSummary, { exact: true }).click();
    const trendTable = trend.locator('table[data-chart-table="trend"]');
    await expect(trendTable).toBeVisible();
    await expect(trendTable.locator("thead th")).toHaveText([
      m.boards.trend.month,
      m.boards.figures.responses,
      m.boards.figures.satisfaction,
      m.boards.figures.complaints,
      m.boards.figures.validComplaints,
    ]);
    const thisMonth = trendTable.locator(
      `tbody tr[data-month="${MONTHS.current}"]`,
    );
    await expect(thisMonth).toHaveCount(1);
    expect(
      Number(
        await thisMonth
          .locator('[data-series="complaints"]')
          .getAttribute("data-value"),
      ),
    ).toBeGreaterThanOrEqual(complaints);

    // The month's complaint cases: the case list opens filtered by department and dates.
    await page.locator(`a[data-cases-link="${departmentId}"]`).click();
    await expect(page).toHaveURL(new RegExp(`${HOSPITAL_PATH}/cases\\?`));
    const url = new URL(page.url());
    expect(url.searchParams.get("department")).toBe(departmentId);
    expect(url.searchParams.get("from")).toBe(`${MONTHS.current}-01`);
    expect(url.searchParams.get("until")).toMatch(
      new RegExp(`^${MONTHS.current}-\\d{2}$`),
    );
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      m.caseList.title,
    );
    const filters = page.getByRole("form", { name: m.caseList.filters.legend });
    await expect(
      filters.getByLabel(m.caseList.filters.department, { exact: true }),
    ).toHaveValue(departmentId);
    await expect(
      filters.getByLabel(m.caseList.filters.from, { exact: true }),
    ).toHaveValue(`${MONTHS.current}-01`);
    await expect(
      page
        .getByRole("table", { name: m.caseList.title })
        .getByRole("link", { name: number, exact: true }),
    ).toHaveCount(1);
  });

  test("leadership opens last month’s evaluation and downloads it as XLSX and PDF", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await signIn(page, DEMO_USERS.leadership);
    await page.goto(`${HOSPITAL_PATH}/evaluation`);
    await expect(page).toHaveURL(
      new RegExp(`${HOSPITAL_PATH}/evaluation/${MONTHS.previous}$`),
    );
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      fill(m.evaluation.monthTitle, { month: MONTHS.previous }),
    );
    const rankingRows = page.locator("table[data-evaluation-ranking] tbody tr");
    const pageDepartments = (
      await rankingRows.locator('th[scope="row"]').allTextContents()
    ).map((s) => s.trim());

    const exports = page.getByRole("region", {
      name: m.evaluation.exports.heading,
    });
    const [xlsx] = await Promise.all([
      page.waitForEvent("download"),
      exports
        .getByRole("link", { name: m.evaluation.exports.xlsx, exact: true })
        .click(),
    ]);
    const xlsxBytes = await readFile((await xlsx.path())!);
    expect(xlsxBytes.subarray(0, 2).toString("latin1")).toBe("PK");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsxBytes as unknown as ArrayBuffer);
    const ranking = workbook.getWorksheet(m.evaluation.export.rankingSheet);
    expect(ranking, `sheet ${m.evaluation.export.rankingSheet}`).toBeTruthy();
    const header = (ranking!.getRow(1).values as unknown[])
      .slice(1)
      .map(String);
    expect(header).toContain(m.evaluation.columns.department);
    const departmentColumn =
      header.indexOf(m.evaluation.columns.department) + 1;
    const sheetDepartments: string[] = [];
    ranking!.eachRow((row, n) => {
      if (n > 1)
        sheetDepartments.push(
          String(row.getCell(departmentColumn).value ?? ""),
        );
    });
    expect(sheetDepartments.length).toBeGreaterThan(0);
    expect(sheetDepartments).toContain(DEPARTMENT);
    // The same departments, in the same order, as the ranking on the page.
    expect(sheetDepartments.length).toBe(pageDepartments.length);
    for (const [i, name] of sheetDepartments.entries())
      expect(pageDepartments[i]).toContain(name);

    const [pdf] = await Promise.all([
      page.waitForEvent("download"),
      exports
        .getByRole("link", { name: m.evaluation.exports.pdf, exact: true })
        .click(),
    ]);
    const pdfBytes = await readFile((await pdf.path())!);
    expect(pdfBytes.subarray(0, 4).toString("latin1")).toBe("%PDF");
    expect(pdfBytes.length).toBeGreaterThan(5 * 1024);
  });

  test("the overview has no serious or critical axe violations", async ({
    page,
  }) => {
    await signIn(page, DEMO_USERS.leadership);
    await page.goto(`${HOSPITAL_PATH}/boards?month=${MONTHS.current}`);
    await expect(page.locator("table[data-board-overview]")).toBeVisible();
    await expectNoSeriousViolations(page);
  });
});

test.describe("the public board, no sign-in", () => {
  test.use({ ...PHONE, locale: "zh-CN" });

  async function expectNoHorizontalScroll(page: Page) {
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(scrollWidth, "page width on a 390px phone").toBeLessThanOrEqual(
      clientWidth,
    );
  }

  async function expectPublic(page: Page) {
    expect(new URL(page.url()).pathname).toBe(`/h/${HOSPITAL.slug}/board`);
    await expect(page.locator('input[type="password"]')).toHaveCount(0);
    await expect(page.locator("[data-nav]")).toHaveCount(0);
  }

  test("reads in Chinese by default and in English by its language link, fits a phone", async ({
    page,
  }) => {
    const response = await page.goto(`/h/${HOSPITAL.slug}/board`);
    expect(response?.status()).toBe(200);
    await expectPublic(page);
    await expect(page).toHaveTitle(
      fill(m.publicBoard.title, { hospital: HOSPITAL.name }),
    );
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      m.publicBoard.heading,
    );
    await expect(page.locator(".topbar .brand")).toHaveText(HOSPITAL.name);
    // The last full month (the attribute carries the month's first day).
    await expect(page.locator("[data-board-month]")).toHaveAttribute(
      "data-board-month",
      new RegExp(`^${MONTHS.previous}(-01)?$`),
    );
    await expect(page.getByText(m.publicBoard.privacy)).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectNoSeriousViolations(page);

    await page
      .getByRole("link", { name: m.common.language.en, exact: true })
      .click();
    await expect(page).toHaveURL(
      new RegExp(`/h/${HOSPITAL.slug}/board\\?lang=en$`),
    );
    await expectPublic(page);
    await expect(page).toHaveTitle(
      fill(en.publicBoard.title, { hospital: HOSPITAL.nameEn }),
    );
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      en.publicBoard.heading,
    );
    await expect(page.locator(".topbar .brand")).toHaveText(HOSPITAL.nameEn);
    await expect(page.getByText(en.publicBoard.privacy)).toBeVisible();
    await expectNoHorizontalScroll(page);
    await expectNoSeriousViolations(page);

    // And back to Chinese.
    await page
      .getByRole("link", { name: en.common.language["zh-CN"], exact: true })
      .click();
    await expect(page).toHaveURL(new RegExp(`\\?lang=zh-CN$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      m.publicBoard.heading,
    );
  });
});
