import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type KeyboardEvent } from 'react';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { AttachmentButton } from './AttachmentButton';
import { AttachmentPreview } from './AttachmentPreview';
import { EmojiPicker } from './EmojiPicker';
import { TemplateDialog, templateComponents, type TemplateChoice } from './TemplateDialog';
import { useAttachmentUpload } from './useAttachmentUpload';
import { matchCanned, useCannedResponses } from './useCannedResponses';
import { attachPasted, useFileDrop } from './useFileDrop';

type Props = { conversationId: string; windowOpen: boolean; canReply: boolean };

/**
 * Reply box: text with emoji and canned responses (type "/"), Enter to send; files attached with
 * the paperclip, dropped on the thread or pasted. Outside the 24-hour window WhatsApp accepts only
 * templates, so only the template button is offered.
 */
export function Composer({ conversationId, windowOpen, canReply }: Props) {
  const t = useT();
  const [draft, setDraft] = useState('');
  const [emojiOpen, setEmojiOpen] = useState(false);
  const [templatesOpen, setTemplatesOpen] = useState(false);
  const [highlight, setHighlight] = useState(0);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const responses = useCannedResponses(conversationId);
  const canned = matchCanned(draft, responses);
  const root = useRef<HTMLDivElement>(null);
  const attachment = useAttachmentUpload(conversationId);
  const dragging = useFileDrop(root, canReply && windowOpen ? attachment.choose : null);

  const send = useMutation({
    mutationFn: (text: string) => api().conversations.send.mutate({ conversationId, content: { kind: 'text', text } }),
    onSuccess: () => setDraft(''),
  });
  const sendTemplate = useMutation({
    mutationFn: (choice: TemplateChoice) =>
      api().conversations.send.mutate({
        conversationId,
        content: { kind: 'template', name: choice.name, language: choice.language, components: templateComponents(choice.parameters) },
      }),
    onSuccess: () => setTemplatesOpen(false),
  });

  const submit = () => {
    const text = draft.trim();
    if (text && !send.isPending) send.mutate(text);
  };
  const insert = (text: string) => {
    setDraft((current) => current + text);
    setEmojiOpen(false);
    textarea.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (canned && canned.length > 0) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setHighlight((index) => (index + (event.key === 'ArrowDown' ? 1 : canned.length - 1)) % canned.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        setDraft(canned[Math.min(highlight, canned.length - 1)]!.text);
        setHighlight(0);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  if (!canReply)
    return (
      <div className="composer" ref={root}>
        <p className="muted small" role="note">
          {t('inbox.composer.takeOverFirst')}
        </p>
      </div>
    );

  const templateButton = (
    <button
      type="button"
      className={windowOpen ? 'button-secondary' : 'button-primary'}
      onClick={() => setTemplatesOpen((open) => !open)}
      aria-expanded={templatesOpen}>
      {t('inbox.templates.open')}
    </button>
  );
  return (
    <div className="composer" style={{ position: 'relative' }} ref={root}>
      {templatesOpen && (
        <TemplateDialog
          onSend={(choice) => sendTemplate.mutate(choice)}
          onClose={() => setTemplatesOpen(false)}
          sending={sendTemplate.isPending}
          error={sendTemplate.error}
        />
      )}
      {!windowOpen ? (
        <div className="composer-row">{templateButton}</div>
      ) : (
        <>
          {canned && (
            <div className="popover" style={{ bottom: '100%' }}>
              <p className="small muted">{t('inbox.composer.canned')}</p>
              {canned.length === 0 ? (
                <p className="small">{t('inbox.composer.cannedNone')}</p>
              ) : (
                <ul className="canned-list" role="listbox" aria-label={t('inbox.composer.canned')}>
                  {canned.map((response, index) => (
                    <li
                      key={response.shortcut}
                      role="option"
                      aria-selected={index === highlight}
                      onMouseDown={(event) => {
                        event.preventDefault();
                        setDraft(response.text);
                      }}>
                      <strong>/{response.shortcut}</strong> {response.text}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          {emojiOpen && (
            <EmojiPicker
              onPick={insert}
              onClose={() => {
                setEmojiOpen(false);
                textarea.current?.focus();
              }}
            />
          )}
          {dragging && (
            <p className="notice" role="status">
              {t('inbox.attach.dropHere')}
            </p>
          )}
          <AttachmentPreview upload={attachment} />
          <div className="composer-row">
            <button
              type="button"
              className="icon-button"
              onClick={() => setEmojiOpen((open) => !open)}
              aria-label={t('inbox.composer.emoji')}
              aria-expanded={emojiOpen}>
              😊
            </button>
            <AttachmentButton onPick={attachment.choose} disabled={attachment.progress !== null} />
            <textarea
              ref={textarea}
              rows={2}
              value={draft}
              onChange={(event) => {
                setDraft(event.target.value);
                setHighlight(0);
              }}
              onKeyDown={onKeyDown}
              onPaste={(event) => attachPasted(event, attachment.choose)}
              placeholder={t('inbox.composer.placeholder')}
              aria-label={t('inbox.composer.label')}
              maxLength={4096}
            />
            {templateButton}
            <button type="button" className="button-primary" onClick={submit} disabled={send.isPending || !draft.trim()}>
              {t('inbox.composer.send')}
            </button>
          </div>
        </>
      )}
      {send.isError && <ErrorNotice error={send.error} />}
    </div>
  );
}
