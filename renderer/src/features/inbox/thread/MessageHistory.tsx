// The conversation's history, oldest at the top, virtualised (a 5,000-message chat draws only what
// is on screen). Scrolling to the top loads older pages while keeping the reading position; new
// messages keep the view at the bottom when it was already there.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef } from 'react';
import { formatDay } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import type { MessageView } from '../types';
import { MessageBubble } from './MessageBubble';

type Props = {
  messages: MessageView[];
  label: string;
  hasOlder: boolean;
  loadingOlder: boolean;
  loadOlder(): void;
  onRetry?(messageId: string): void;
  retrying: string | null;
  retryError: { messageId: string; error: unknown } | null;
};

export function MessageHistory({ messages, label, hasOlder, loadingOlder, loadOlder, onRetry, retrying, retryError }: Props) {
  const t = useT();
  const language = useI18n((state) => state.language);
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual has no memo-safe API (react.dev's rule page lists none); the compiler skips this component as it must
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 72,
    overscan: 12,
    getItemKey: (index) => messages[index]!.id,
  });
  const atBottom = useRef(true);
  const firstId = messages[0]?.id;
  const previousFirst = useRef<{ id: string | undefined; count: number }>({ id: firstId, count: messages.length });

  // Older messages were added above: keep the message that was at the top where it was. New ones
  // at the bottom: follow them if the reader was at the bottom (after the rows are measured too).
  useLayoutEffect(() => {
    const before = previousFirst.current;
    previousFirst.current = { id: firstId, count: messages.length };
    if (before.id && before.id !== firstId && !atBottom.current) {
      const index = messages.findIndex((message) => message.id === before.id);
      if (index > 0) virtualizer.scrollToIndex(index, { align: 'start' });
    }
    if (atBottom.current && messages.length > 0) {
      virtualizer.scrollToIndex(messages.length - 1, { align: 'end' });
      const frame = requestAnimationFrame(() => {
        const element = scrollRef.current;
        if (element && atBottom.current) element.scrollTop = element.scrollHeight;
      });
      return () => cancelAnimationFrame(frame);
    }
  }, [firstId, messages, virtualizer]);

  // Only the reader stops the following (wheel, touch, keys, the scroll bar), never the list
  // growing or rows being measured; reaching the bottom again resumes it.
  const userScrolling = useRef(0);
  const markUser = () => {
    userScrolling.current = performance.now();
  };
  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    const distance = element.scrollHeight - element.scrollTop - element.clientHeight;
    if (distance < 80) atBottom.current = true;
    else if (performance.now() - userScrolling.current < 500) atBottom.current = false;
    if (element.scrollTop < 200 && hasOlder && !loadingOlder) loadOlder();
  };

  return (
    <div
      className="history"
      ref={scrollRef}
      onScroll={onScroll}
      onWheel={markUser}
      onTouchMove={markUser}
      onKeyDown={markUser}
      onPointerDown={markUser}
      role="log"
      aria-label={label}
      aria-live="polite"
      tabIndex={0}
      data-testid="history">
      <p className="day-divider small muted">{loadingOlder ? t('inbox.history.loading') : hasOlder ? '' : t('inbox.history.start')}</p>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((row) => {
          const message = messages[row.index]!;
          const previous = messages[row.index - 1];
          const newDay = !previous || new Date(previous.timestamp).toDateString() !== new Date(message.timestamp).toDateString();
          return (
            <div
              key={row.key}
              data-index={row.index}
              ref={virtualizer.measureElement}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${row.start}px)` }}>
              {newDay && (
                <div className="day-divider">
                  <span>{formatDay(message.timestamp, language)}</span>
                </div>
              )}
              <MessageBubble
                message={message}
                onRetry={onRetry}
                retrying={retrying === message.id}
                retryError={retryError?.messageId === message.id ? retryError.error : undefined}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
