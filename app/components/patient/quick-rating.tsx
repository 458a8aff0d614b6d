import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useFetcher } from 'react-router'
import { COMMENT_MAX, QUICK_RATINGS } from '#app/domain/intake.ts'
import { CsrfInput } from '../forms/csrf-input.tsx'
import { describedBy, FieldError, Honeypot } from './form-parts.tsx'

const FACES: Record<number, string> = { 1: '😣', 2: '🙁', 3: '😐', 4: '🙂', 5: '😄' }

/** What the rating and comment posts answer (the page's action data without JavaScript, the fetcher's with it). */
export type RatingState =
  | { for: 'rating'; state: 'rated'; rating: number; ratingToken: string }
  | { for: 'rating'; state: 'commented'; rating: number }
  | { for: 'rating'; state: 'commentError'; rating: number; ratingToken: string; comment: string; error: string; closed: boolean }
  | { for: 'rating'; state: 'error'; formError: string }

/**
 * One tap on a face saves a rating (each face is a submit button). The answer thanks the
 * patient and offers one optional comment. Uses a fetcher so the page stays where it is.
 */
export function QuickRating({ fromPage }: { fromPage: RatingState | undefined }) {
  const { t } = useTranslation(['patient', 'intake'])
  const fetcher = useFetcher<RatingState>()
  const result = fetcher.data ?? fromPage
  const statusRef = useRef<HTMLParagraphElement>(null)
  const answered = result && result.state !== 'error' ? result : undefined
  useEffect(() => {
    if (fetcher.data && fetcher.data.state !== 'error') statusRef.current?.focus()
  }, [fetcher.data])

  if (answered) {
    const ratingWord = t(`intake:ratings.${answered.rating}` as 'intake:ratings.1')
    return (
      <div className="rating-done">
        <p className="notice thanks" role="status" tabIndex={-1} ref={statusRef}>
          <span aria-hidden="true">{FACES[answered.rating]} </span>
          {answered.state === 'commented' ? t('rating.commentThanks') : t('rating.thanks')} {t('rating.yourRating', { rating: ratingWord })}
        </p>
        {answered.state === 'rated' || (answered.state === 'commentError' && !answered.closed) ? (
          <fetcher.Form method="post" className="rating-comment">
            <CsrfInput />
            <input type="hidden" name="intent" value="comment" />
            <input type="hidden" name="ratingToken" value={answered.ratingToken} />
            <input type="hidden" name="rating" value={answered.rating} />
            <div className={`field${answered.state === 'commentError' ? ' has-error' : ''}`}>
              <label htmlFor="fb-comment">{t('rating.commentLabel')}</label>
              <textarea
                id="fb-comment"
                name="comment"
                rows={3}
                maxLength={COMMENT_MAX}
                defaultValue={answered.state === 'commentError' ? answered.comment : ''}
                aria-invalid={answered.state === 'commentError' ? true : undefined}
                aria-describedby={describedBy('comment', { hint: true, error: answered.state === 'commentError' ? answered.error : undefined })}
              />
              <p className="hint" id="fb-comment-hint">
                {t('rating.commentHint', { max: COMMENT_MAX })}
              </p>
              <FieldError name="comment" error={answered.state === 'commentError' ? answered.error : undefined} />
            </div>
            <Honeypot />
            <button type="submit" className="secondary" disabled={fetcher.state !== 'idle'}>
              {t('rating.commentSubmit')}
            </button>
          </fetcher.Form>
        ) : answered.state === 'commentError' ? (
          <p className="error">{answered.error}</p>
        ) : null}
        <p>
          {t('rating.more')} <a href="#feedback-title">{t('rating.moreLink')}</a>
        </p>
      </div>
    )
  }

  return (
    <fetcher.Form method="post" className="quick-rating">
      <CsrfInput />
      <input type="hidden" name="intent" value="rate" />
      {result?.state === 'error' ? (
        <p className="form-error" role="alert">
          {result.formError}
        </p>
      ) : null}
      <p className="hint" id="rating-hint">
        {t('rating.hint')}
      </p>
      <div className="faces" role="group" aria-labelledby="rating-title" aria-describedby="rating-hint">
        {QUICK_RATINGS.map((n) => (
          <button key={n} type="submit" name="rating" value={n} className={`face face-${n}`} disabled={fetcher.state !== 'idle'}>
            <span className="face-icon" aria-hidden="true">
              {FACES[n]}
            </span>
            <span className="face-word">{t(`intake:ratings.${n}` as 'intake:ratings.1')}</span>
          </button>
        ))}
      </div>
      <Honeypot />
    </fetcher.Form>
  )
}
