import type { AppContext } from '#app/lib/app-context.server.ts'

/** Being built (issue 4): schedules the case's SLA escalation jobs from its stored clocks. */
export async function scheduleCaseEscalations(_ctx: AppContext, _input: { organizationId: string; caseId: string }): Promise<void> {}
