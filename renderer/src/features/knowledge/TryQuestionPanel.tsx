import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';

/** Asks the knowledge base as the bot would and shows which chunks come back, with their scores. */
export function TryQuestionPanel() {
  const t = useT();
  const [question, setQuestion] = useState('');
  const [keyword, setKeyword] = useState('');
  const ask = useMutation({
    mutationFn: () => api().knowledgeBase.tryQuestion.mutate({ question, ...(keyword.trim() ? { keyword: keyword.trim() } : {}) }),
  });
  return (
    <section className="card stack" aria-labelledby="knowledge-try-title">
      <h2 id="knowledge-try-title">{t('knowledge.try')}</h2>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (question.trim()) ask.mutate();
        }}>
        <label className="stack">
          <span>{t('knowledge.try.question')}</span>
          <input value={question} onChange={(event) => setQuestion(event.target.value)} maxLength={4000} />
        </label>
        <label className="stack">
          <span>{t('knowledge.try.keyword')}</span>
          <input value={keyword} onChange={(event) => setKeyword(event.target.value)} maxLength={200} />
        </label>
        <div className="row">
          <button type="submit" className="button-primary" disabled={ask.isPending || !question.trim()}>
            {t('knowledge.try.ask')}
          </button>
        </div>
      </form>
      {ask.error && <ErrorNotice error={ask.error} />}
      {ask.data && (
        <div className="stack" aria-live="polite" data-testid="knowledge-try-results">
          <p className="muted small">{t('knowledge.try.meta', { count: ask.data.chunks.length, ms: ask.data.latencyMs })}</p>
          {ask.data.chunks.length === 0 && <p>{t('knowledge.try.none')}</p>}
          <ol className="stack knowledge-chunks">
            {ask.data.chunks.map((chunk) => (
              <li key={chunk.id} className="knowledge-chunk">
                <p className="small muted">{t('knowledge.try.result', { file: chunk.sourceFile, title: chunk.title ?? '', score: chunk.score.toFixed(3) })}</p>
                <pre className="knowledge-chunk-text">{chunk.content}</pre>
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
