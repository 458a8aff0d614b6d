/**
 * A hospital's board settings (DESIGN.md §5): whether the public board is published, how many
 * responses a department needs before a score is shown, and the monthly evaluation's weights.
 */
export interface EvaluationWeights {
  satisfaction: number
  complaintRate: number
  onTime: number
}

export interface BoardSettings {
  publicBoard: boolean
  /** Fewer responses than this shows "too few responses" instead of a score. */
  minResponses: number
  weights: EvaluationWeights
}

export type BoardSettingsOverrides = Partial<BoardSettings>

export const DEFAULT_BOARD_SETTINGS: BoardSettings = {
  publicBoard: false,
  minResponses: 10,
  weights: { satisfaction: 0.6, complaintRate: 0.2, onTime: 0.2 },
}

export function boardSettingsOf(overrides: BoardSettingsOverrides | null | undefined): BoardSettings {
  return { ...DEFAULT_BOARD_SETTINGS, ...overrides, weights: { ...DEFAULT_BOARD_SETTINGS.weights, ...overrides?.weights } }
}
