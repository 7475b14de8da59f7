import { useEffect, useRef } from 'react';
import { useT } from '#renderer/i18n/useI18n';

// The emoji agents reach for most; the system's emoji keyboard (Win+. / Ctrl+Cmd+Space) has the rest.
const EMOJI = [
  '😀',
  '😊',
  '😂',
  '😉',
  '😍',
  '🙏',
  '👍',
  '👏',
  '🙌',
  '🎉',
  '✅',
  '❤️',
  '🔥',
  '🤔',
  '😅',
  '😢',
  '😮',
  '👋',
  '📦',
  '🚚',
  '💳',
  '📅',
  '⏰',
  '📍',
  '📞',
  '✨',
  '⭐',
  '🍞',
  '☕',
  '🎂',
  '🛒',
  '💬',
];

export function EmojiPicker({ onPick, onClose }: { onPick(emoji: string): void; onClose(): void }) {
  const t = useT();
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <div className="popover" role="dialog" aria-label={t('inbox.composer.emoji')} onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <div className="emoji-grid">
        {EMOJI.map((emoji, index) => (
          <button key={emoji} type="button" ref={index === 0 ? first : undefined} onClick={() => onPick(emoji)} aria-label={emoji}>
            {emoji}
          </button>
        ))}
      </div>
    </div>
  );
}
