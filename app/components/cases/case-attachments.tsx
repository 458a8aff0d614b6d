import { formatFileSize } from '#app/components/patient/attachments-input.tsx'
import { useCaseNames } from './case-names.tsx'

export interface CaseAttachment {
  id: string
  fileName: string
  contentType: string
  byteSize: number
}

/** Files with links to the staff attachment route (which checks the viewer may see the case). */
export function CaseAttachments({ files, href, label }: { files: CaseAttachment[]; href: (id: string) => string; label: string }) {
  const { locale } = useCaseNames()
  if (files.length === 0) return null
  return (
    <ul className="files" aria-label={label}>
      {files.map((f) => (
        <li key={f.id}>
          <a href={href(f.id)} data-attachment={f.id}>
            {f.fileName}
          </a>{' '}
          <span className="hint">({formatFileSize(f.byteSize, locale)})</span>
        </li>
      ))}
    </ul>
  )
}
