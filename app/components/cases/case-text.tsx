import type { CSSProperties, HTMLAttributes } from 'react'

/** Text people typed keeps its line breaks, and long unbroken strings (links, numbers) wrap. */
export const MULTILINE: CSSProperties = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }

export function CaseText({ children, ...rest }: HTMLAttributes<HTMLParagraphElement>) {
  return (
    <p className="case-text" style={MULTILINE} {...rest}>
      {children}
    </p>
  )
}
