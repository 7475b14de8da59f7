// The editor's top bar: every button runs a command from the registry (the same ones the
// shortcuts run), with the shortcut in its tooltip; the save state; block search.
import { useState, type RefObject } from 'react';
import { useStore } from 'zustand';
import { useT } from '#renderer/i18n/useI18n';
import { Link } from '@tanstack/react-router';
import { useEditor, useEditorContext } from './editor/EditorContext';
import { EDITOR_COMMANDS, isCommandEnabled, type CommandId, type EditorCommand } from './editor/editorCommands';
import type { DraftSaver } from './editor/createDraftSaver';
import { describeShortcut } from './editor/matchShortcut';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function CommandButton({ id, icon, primary, pressed }: { id: CommandId; icon?: string; primary?: boolean; pressed?: boolean }) {
  const t = useT();
  const value = useEditorContext();
  // Re-render when what decides "enabled" changes.
  useEditor(
    (state) =>
      `${state.past.length}:${state.future.length}:${state.selection.blocks.length}:${state.selection.edges.length}:${state.selection.notes.length}:${state.doc.blocks.length}`,
  );
  const command: EditorCommand = EDITOR_COMMANDS[id];
  const shortcut = command.shortcuts?.[0];
  const label = t(command.label);
  return (
    <button
      type="button"
      className={primary ? 'button-primary' : 'tool-button'}
      data-command={id}
      aria-pressed={pressed}
      disabled={!isCommandEnabled(id, value.commandContext())}
      onClick={() => void value.run(id)}
      title={shortcut ? `${label} (${describeShortcut(shortcut, isMac)})` : label}
      aria-keyshortcuts={shortcut?.replace('Mod', isMac ? 'Meta' : 'Control')}>
      {icon ? (
        <>
          <span aria-hidden="true">{icon}</span>
          <span className="visually-hidden">{label}</span>
        </>
      ) : (
        label
      )}
    </button>
  );
}

export function SaveState({ saver }: { saver: DraftSaver }) {
  const t = useT();
  const { status, error } = useStore(saver.state);
  const text =
    status === 'saved'
      ? t('flows.save.saved')
      : status === 'saving'
        ? t('flows.save.saving')
        : status === 'unsaved'
          ? t('flows.save.unsaved')
          : status === 'conflict'
            ? t('flows.save.conflict')
            : t('flows.save.error', { message: error ?? '' });
  return (
    <span className={`save-state save-${status}`} role="status" data-testid="save-state" data-status={status}>
      {text}
    </span>
  );
}

export function BlockSearch({
  matches,
  onGo,
  inputRef,
}: {
  matches: string[];
  onGo(query: string, index: number): void;
  inputRef: RefObject<HTMLInputElement | null>;
}) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  return (
    <div className="block-search" role="search">
      <label className="visually-hidden" htmlFor="block-search">
        {t('flows.search.label')}
      </label>
      <input
        ref={inputRef}
        id="block-search"
        type="search"
        placeholder={t('flows.search.placeholder')}
        value={query}
        data-testid="block-search"
        onChange={(event) => {
          setQuery(event.target.value);
          setIndex(0);
          onGo(event.target.value, -1);
        }}
        onKeyDown={(event) => {
          if (event.key !== 'Enter' || matches.length === 0) return;
          event.preventDefault();
          const next = (index + (event.shiftKey ? matches.length - 1 : 0)) % matches.length;
          onGo(query, next);
          setIndex((next + 1) % matches.length);
        }}
      />
      {query && (
        <span className="muted small" aria-live="polite">
          {matches.length ? t('flows.search.results', { count: matches.length }) : t('flows.search.none')}
        </span>
      )}
    </div>
  );
}

export function EditorTitle({ name }: { name: string }) {
  const t = useT();
  return (
    <div className="editor-title">
      <Link to="/flows" className="button-link">
        ← {t('flows.editor.back')}
      </Link>
      <h1 data-testid="flow-name">{name}</h1>
    </div>
  );
}
