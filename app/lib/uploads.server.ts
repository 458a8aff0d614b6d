import {
  FormDataParseError,
  MaxFilesExceededError,
  MaxFileSizeExceededError,
  MaxPartsExceededError,
  MaxTotalSizeExceededError,
  parseFormData,
  type FileUpload,
} from '@remix-run/form-data-parser'
import { fileTypeFromBuffer } from 'file-type'
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, MAX_ATTACHMENTS } from '#app/domain/intake.ts'
import type { Locale } from '#app/domain/locales.ts'
import { translator } from './i18n.ts'

/** Beyond this a request is refused outright (its text fields may then be lost). */
export const REQUEST_MAX_BYTES = 20 * 1024 * 1024
/** file-type reports HEIC photos as image/heic or image/heif; both are stored as detected. */
const ACCEPTED_TYPES = new Set<string>([...ATTACHMENT_TYPES, 'image/heif'])
const FILE_NAME_MAX = 100

/** A file whose type was detected from its bytes and whose size is within the limit. */
export interface CheckedUpload {
  fileName: string
  contentType: string
  content: Buffer
}

export interface PatientFormInput {
  /** Text fields (first value of each), without the CSRF token. */
  fields: Record<string, string>
  /** Files that passed the checks, in the order sent; empty when any file was refused. */
  files: CheckedUpload[]
  /** Translated messages, one per refused file (or one for the whole request). */
  fileErrors: string[]
  /** True when the patient sent at least one file (the browser cannot keep it on a re-rendered form). */
  filesSent: boolean
  /** True when the request was over REQUEST_MAX_BYTES or could not be parsed. */
  refused: boolean
}

/** Keeps the base name, printable characters only, at most 100 characters (extension kept). */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').replace(/\s+/g, ' ').trim().replace(/^\.+/, '')
  if (!clean) return 'attachment'
  const chars = [...clean]
  if (chars.length <= FILE_NAME_MAX) return clean
  const dot = clean.lastIndexOf('.')
  const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : ''
  return [...clean.slice(0, clean.length - ext.length)].slice(0, FILE_NAME_MAX - [...ext].length).join('') + ext
}

/**
 * Reads a patient form (multipart or urlencoded). Each file under `fileField` is checked by
 * its bytes (never the browser's type or name) and size; every text field is still returned
 * when a file is refused, so the form can come back with everything typed.
 */
export async function readPatientForm(request: Request, locale: Locale, { fileField = 'attachments' }: { fileField?: string } = {}): Promise<PatientFormInput> {
  const t = translator(locale)
  const refused = (): PatientFormInput => ({ fields: {}, files: [], fileErrors: [t('intake:errors.requestTooLarge')], filesSent: true, refused: true })
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > REQUEST_MAX_BYTES) return refused()

  const files: CheckedUpload[] = []
  const fileErrors: string[] = []
  let fileCount = 0
  const handle = async (upload: FileUpload) => {
    if (upload.fieldName !== fileField) return null
    const sentName = upload.name === 'file-upload' ? '' : upload.name
    if (upload.size === 0 && !sentName) return null // an empty file input
    fileCount++
    if (fileCount > MAX_ATTACHMENTS) return null
    const name = sanitizeFileName(sentName)
    // The parser has the part in memory already; read no more than the limit allows.
    if (upload.size > ATTACHMENT_MAX_BYTES) {
      fileErrors.push(t('intake:errors.fileTooLarge', { name, max: ATTACHMENT_MAX_BYTES / 1024 / 1024 }))
      return null
    }
    const content = Buffer.from(await upload.slice(0, ATTACHMENT_MAX_BYTES + 1).arrayBuffer())
    const detected = await fileTypeFromBuffer(content)
    if (!detected || !ACCEPTED_TYPES.has(detected.mime)) {
      fileErrors.push(t('intake:errors.fileType', { name }))
      return null
    }
    files.push({ fileName: name, contentType: detected.mime, content })
    return null
  }

  let formData: FormData
  try {
    formData = await parseFormData(request, { maxFiles: 20, maxParts: 200, maxFileSize: REQUEST_MAX_BYTES, maxTotalSize: REQUEST_MAX_BYTES }, handle)
  } catch (e) {
    if (e instanceof MaxTotalSizeExceededError || e instanceof MaxFileSizeExceededError || e instanceof MaxFilesExceededError || e instanceof MaxPartsExceededError || e instanceof FormDataParseError) {
      return refused()
    }
    throw e
  }

  const fields: Record<string, string> = {}
  for (const [key, value] of formData) if (key !== 'csrf' && typeof value === 'string' && !(key in fields)) fields[key] = value
  if (fileCount > MAX_ATTACHMENTS) fileErrors.unshift(t('intake:errors.tooManyFiles', { max: MAX_ATTACHMENTS }))
  return { fields, files: fileErrors.length ? [] : files, fileErrors, filesSent: fileCount > 0, refused: false }
}
