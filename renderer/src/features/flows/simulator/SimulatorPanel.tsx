// Chat with the flow as a WhatsApp customer would: the server runs the saved draft with the real
// engine and returns what WhatsApp would show (text, reply buttons, list messages). The block the
// flow waits at is highlighted on the canvas.
import { useEffect, useRef, useState } from 'react';
import type { OutboundContent } from '#shared/whatsapp/outboundContent.js';
import { errorMessage } from '#renderer/api/errorMessage';
import { useT } from '#renderer/i18n/useI18n';
import { flowsApi, type SimulatorTurn } from '../flowsApi';

type ChatLine =
  { from: 'bot'; content: OutboundContent; key: number } | { from: 'customer'; text: string; key: number } | { from: 'system'; text: string; key: number };

export function SimulatorPanel({
  flowId,
  beforeStart,
  onTurn,
}: {
  flowId: string;
  beforeStart(): Promise<void>;
  onTurn(turn: SimulatorTurn | null, path: string[]): void;
}) {
  const t = useT();
  const [lines, setLines] = useState<ChatLine[]>([]);
  const [session, setSession] = useState<SimulatorTurn | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [openList, setOpenList] = useState<number | null>(null);
  const path = useRef<string[]>([]);
  const counter = useRef(0);
  const history = useRef<HTMLDivElement>(null);
  const key = () => ++counter.current;

  const show = (turn: SimulatorTurn, reset: boolean) => {
    path.current = reset ? [...turn.visited] : [...path.current, ...turn.visited];
    const shown: ChatLine[] = [
      ...turn.messages.map((content) => ({ from: 'bot' as const, content, key: key() })),
      ...turn.notes.map((note) => ({ from: 'system' as const, text: note, key: key() })),
      ...(turn.failure ? [{ from: 'system' as const, text: turn.failure, key: key() }] : []),
    ];
    setLines((current) => (reset ? shown : [...current, ...shown]));
    setSession(turn);
    onTurn(turn, path.current);
  };

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (error) {
      setLines((current) => [...current, { from: 'system', text: errorMessage(error), key: key() }]);
    } finally {
      setBusy(false);
    }
  };

  const start = () =>
    act(async () => {
      await beforeStart();
      setOpenList(null);
      const turn = session
        ? await flowsApi()
            .simulate.restart.mutate({ sessionId: session.sessionId })
            .catch(() => flowsApi().simulate.start.mutate({ flowId, source: 'draft' }))
        : await flowsApi().simulate.start.mutate({ flowId, source: 'draft' });
      show(turn, true);
    });

  const answer = (shownText: string, choiceId: string | null) =>
    act(async () => {
      if (!session) return;
      setOpenList(null);
      setLines((current) => [...current, { from: 'customer', text: shownText, key: key() }]);
      show(await flowsApi().simulate.send.mutate({ sessionId: session.sessionId, text: choiceId ? null : shownText, choiceId }), false);
    });

  const handBack = () =>
    act(async () => {
      if (!session) return;
      show(await flowsApi().simulate.handBack.mutate({ sessionId: session.sessionId }), false);
    });

  useEffect(() => {
    void start();
    return () => onTurn(null, []);
    // Starts once when the panel opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [flowId]);

  useEffect(() => {
    history.current?.scrollTo({ top: history.current.scrollHeight });
  }, [lines]);

  const waiting = session?.status === 'waiting_input';
  return (
    <section className="simulator" aria-labelledby="simulator-title" data-testid="simulator">
      <header className="simulator-header">
        <h2 id="simulator-title">{t('flows.simulator.title')}</h2>
        <button type="button" className="button-secondary" onClick={() => void start()} disabled={busy} data-testid="simulator-restart">
          {t('flows.simulator.restart')}
        </button>
      </header>
      <p className="muted small">
        {t('flows.simulator.source')}
        {session ? ` · ${t(`flows.simulator.status.${session.status}`)}` : ''}
      </p>
      <div className="simulator-chat" ref={history} aria-live="polite" data-testid="simulator-chat">
        {lines.map((line, index) => {
          if (line.from === 'customer')
            return (
              <div key={line.key} className="sim-row out">
                <div className="sim-bubble out" data-testid="sim-customer">
                  {line.text}
                </div>
              </div>
            );
          if (line.from === 'system')
            return (
              <p key={line.key} className="sim-note" data-testid="sim-note">
                {line.text}
              </p>
            );
          return (
            <div key={line.key} className="sim-row in">
              <BotMessage
                content={line.content}
                disabled={busy || !waiting}
                listOpen={openList === index}
                onOpenList={() => setOpenList(openList === index ? null : index)}
                onChoose={(id, title) => void answer(title, id)}
              />
            </div>
          );
        })}
      </div>
      {session?.status === 'handed_off' && (
        <button type="button" className="button-secondary" onClick={() => void handBack()}>
          {t('flows.simulator.handBack')}
        </button>
      )}
      <form
        className="simulator-composer"
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim()) {
            void answer(text.trim(), null);
            setText('');
          }
        }}>
        <label className="visually-hidden" htmlFor="simulator-text">
          {t('flows.simulator.type')}
        </label>
        <input
          id="simulator-text"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder={t('flows.simulator.type')}
          disabled={!waiting || busy}
          data-testid="simulator-input"
        />
        <button type="submit" className="button-primary" disabled={!waiting || busy || !text.trim()}>
          {t('flows.simulator.send')}
        </button>
      </form>
    </section>
  );
}

/** One message as WhatsApp draws it: a bubble, reply buttons under it, or a list behind a button. */
function BotMessage({
  content,
  disabled,
  listOpen,
  onOpenList,
  onChoose,
}: {
  content: OutboundContent;
  disabled: boolean;
  listOpen: boolean;
  onOpenList(): void;
  onChoose(id: string, title: string): void;
}) {
  const t = useT();
  if (content.kind === 'text')
    return (
      <div className="sim-bubble in" data-testid="sim-bot">
        {content.text}
      </div>
    );
  if (content.kind === 'media') {
    return (
      <div className="sim-bubble in" data-testid="sim-bot">
        {t('flows.simulator.media', { type: content.mediaType, link: content.link ?? content.mediaId ?? '' })}
        {content.caption ? <p>{content.caption}</p> : null}
      </div>
    );
  }
  if (content.kind === 'buttons') {
    return (
      <div className="sim-interactive" data-testid="sim-bot">
        <div className="sim-bubble in">{content.body}</div>
        <div className="sim-buttons">
          {content.buttons.map((button) => (
            <button
              key={button.id}
              type="button"
              className="sim-reply-button"
              disabled={disabled}
              onClick={() => onChoose(button.id, button.title)}
              data-testid="sim-button">
              {button.title}
            </button>
          ))}
        </div>
      </div>
    );
  }
  if (content.kind === 'list') {
    return (
      <div className="sim-interactive" data-testid="sim-bot">
        <div className="sim-bubble in">{content.body}</div>
        <div className="sim-buttons">
          <button type="button" className="sim-reply-button" aria-expanded={listOpen} onClick={onOpenList} disabled={disabled} data-testid="sim-list-button">
            ☰ {content.buttonText}
          </button>
        </div>
        {listOpen && (
          <div className="sim-list" role="group" aria-label={t('flows.simulator.openList', { button: content.buttonText })}>
            {content.sections.map((section, index) => (
              <div key={index}>
                {section.title && <p className="sim-list-section">{section.title}</p>}
                {section.rows.map((row) => (
                  <button key={row.id} type="button" className="sim-list-row" onClick={() => onChoose(row.id, row.title)} data-testid="sim-list-row">
                    <strong>{row.title}</strong>
                    {row.description && <span className="muted small">{row.description}</span>}
                  </button>
                ))}
              </div>
            ))}
          </div>
        )}
      </div>
    );
  }
  return (
    <div className="sim-bubble in" data-testid="sim-bot">
      {content.kind}
    </div>
  );
}
