// Triggers and settings of the flow: when it starts (keywords, QR code, …), its QR code to show
// and download, and how it times out and resumes. Triggers are saved with the draft's revision
// check; settings are part of the document (undoable, autosaved). Triggers the server refuses
// (another active flow has them) stay as typed, with the reason beside them.
import QRCode from 'qrcode';
import { useEffect, useId, useState } from 'react';
import { FLOW_TRIGGER_TYPES, type FlowTriggerType } from '#shared/domain/statuses.js';
import { KEYWORD_MATCHES, type FlowSettings } from '#shared/flows/flowDocument.js';
import { useT } from '#renderer/i18n/useI18n';
import { useEditor, useEditorContext } from './editor/EditorContext';
import type { DraftMeta } from './editor/createDraftSaver';
import type { FlowView } from './flowsApi';
import { NumberField, SelectField, TextField } from './panel/FormFields';

export type FlowMeta = Pick<FlowView, 'name' | 'triggerType' | 'triggerKeywords' | 'triggerQrCode' | 'qrCodeLink'>;

export function FlowSettingsPanel({
  meta,
  saveMeta,
  refusal,
}: {
  meta: FlowMeta;
  saveMeta(meta: DraftMeta): Promise<void>;
  /** Why the server refused the triggers as typed, or null. */
  refusal: string | null;
}) {
  const t = useT();
  const { run } = useEditorContext();
  const settings = useEditor((state) => state.doc.settings);
  const setSettings = (field: string, next: Partial<FlowSettings>) => void run('settings.update', { settings: next, field });
  const typeId = useId();
  return (
    <section className="flow-settings" aria-labelledby="flow-settings-title" data-testid="flow-settings">
      <h2 id="flow-settings-title">{t('flows.triggers.title')}</h2>
      <SelectField
        label={t('flows.triggers.type')}
        value={meta.triggerType}
        options={FLOW_TRIGGER_TYPES.map((value) => ({ value, label: t(`flows.trigger.${value}`) }))}
        onChange={(triggerType: FlowTriggerType) => void saveMeta({ triggerType })}
      />
      {meta.triggerType === 'keyword' && (
        <>
          <KeywordsEditor keywords={meta.triggerKeywords} refusal={refusal} onChange={(triggerKeywords) => void saveMeta({ triggerKeywords })} />
          <SelectField
            label={t('flows.triggers.match')}
            value={settings.keywordMatch}
            options={KEYWORD_MATCHES.map((value) => ({ value, label: t(`flows.triggers.match.${value}`) }))}
            onChange={(keywordMatch) => setSettings('keywordMatch', { keywordMatch })}
          />
        </>
      )}
      {meta.triggerType === 'qr_code' && <QrCodeEditor meta={meta} saveMeta={saveMeta} />}
      {meta.triggerType !== 'keyword' && refusal && <TriggerRefusal id={`${typeId}-refused`} reason={refusal} />}

      <h2>{t('flows.panel.flowSettings')}</h2>
      <NumberField
        label={t('flows.settings.timeout')}
        value={settings.inactivityTimeoutMinutes}
        min={1}
        max={7 * 24 * 60}
        onChange={(inactivityTimeoutMinutes) => setSettings('timeout', { inactivityTimeoutMinutes })}
      />
      <TextField
        label={t('flows.settings.timeoutMessage')}
        value={settings.timeoutMessage ?? ''}
        multiline
        onChange={(timeoutMessage) => setSettings('timeoutMessage', { timeoutMessage: timeoutMessage || undefined })}
      />
      <SelectField
        label={t('flows.settings.afterHandback')}
        value={settings.afterHandback}
        options={[
          { value: 'resume', label: t('flows.settings.afterHandback.resume') },
          { value: 'end', label: t('flows.settings.afterHandback.end') },
        ]}
        onChange={(afterHandback) => setSettings('afterHandback', { afterHandback })}
      />
    </section>
  );
}

function TriggerRefusal({ id, reason }: { id: string; reason: string }) {
  const t = useT();
  return (
    <p id={id} className="field-error" role="alert" data-testid="trigger-refusal">
      {t('flows.triggers.refused', { reason })}
    </p>
  );
}

function KeywordsEditor({ keywords, refusal, onChange }: { keywords: string[]; refusal: string | null; onChange(keywords: string[]): void }) {
  const t = useT();
  const id = useId();
  const [draft, setDraft] = useState('');
  const add = () => {
    const keyword = draft.trim();
    if (!keyword || keywords.some((existing) => existing.toLowerCase() === keyword.toLowerCase())) return setDraft('');
    onChange([...keywords, keyword]);
    setDraft('');
  };
  return (
    <div className="panel-field">
      <label htmlFor={id}>{t('flows.triggers.keywords')}</label>
      <ul className="keyword-chips" data-testid="keywords">
        {keywords.map((keyword) => (
          <li key={keyword} className="keyword-chip">
            {keyword}
            <button
              type="button"
              className="chip-remove"
              aria-label={t('flows.triggers.removeKeyword', { keyword })}
              onClick={() => onChange(keywords.filter((existing) => existing !== keyword))}>
              ✕
            </button>
          </li>
        ))}
      </ul>
      <div className="row">
        <input
          id={id}
          value={draft}
          maxLength={100}
          aria-describedby={refusal ? `${id}-hint ${id}-refused` : `${id}-hint`}
          aria-invalid={refusal ? true : undefined}
          data-testid="keyword-input"
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="button-secondary" onClick={add}>
          {t('flows.triggers.addKeyword')}
        </button>
      </div>
      <p id={`${id}-hint`} className="field-hint">
        {t('flows.triggers.keywordsHint')}
      </p>
      {refusal && <TriggerRefusal id={`${id}-refused`} reason={refusal} />}
    </div>
  );
}

function QrCodeEditor({ meta, saveMeta }: { meta: FlowMeta; saveMeta(meta: DraftMeta): Promise<void> }) {
  const t = useT();
  const [code, setCode] = useState(meta.triggerQrCode ?? '');
  // A saved code that changes (saved here, restored, taken from a conflict) replaces what is typed;
  // adjusted while rendering, with the code last seen kept in state.
  const [savedCode, setSavedCode] = useState(meta.triggerQrCode);
  if (meta.triggerQrCode !== savedCode) {
    setSavedCode(meta.triggerQrCode);
    setCode(meta.triggerQrCode ?? '');
  }
  // The QR code holds the wa.me link (the client's number, the code typed in), or the bare code.
  const content = meta.triggerQrCode ? (meta.qrCodeLink ?? meta.triggerQrCode) : null;
  // Drawn asynchronously (below) for each content; gone as soon as there is no content.
  const [images, setImages] = useState<{ png: string; svg: string } | null>(null);
  if (!content && images) setImages(null);
  const png = images?.png ?? null;
  const svg = images?.svg ?? null;
  useEffect(() => {
    if (!content) return;
    let live = true;
    void Promise.all([
      QRCode.toDataURL(content, { width: 512, margin: 2, errorCorrectionLevel: 'M' }),
      QRCode.toString(content, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }),
    ]).then(([dataUrl, svgText]) => {
      if (live) setImages({ png: dataUrl, svg: svgText });
    });
    return () => {
      live = false;
    };
  }, [content]);
  const fileName = `qr-${(meta.triggerQrCode ?? 'flow').replace(/[^\w-]+/g, '_')}`;
  const save = () => {
    const next = code.trim() || null;
    if (next !== meta.triggerQrCode) void saveMeta({ triggerQrCode: next });
  };
  return (
    <div className="qr-editor">
      <div
        onBlur={save}
        onKeyDown={(event) => {
          if (event.key === 'Enter') save();
        }}>
        <TextField label={t('flows.triggers.qrCode')} value={code} max={100} onChange={setCode} testId="qr-code-text" />
      </div>
      <p className="field-hint">{t('flows.triggers.qrHint')}</p>
      {!content && <p className="muted small">{t('flows.qr.needCode')}</p>}
      {content && !meta.qrCodeLink && <p className="muted small">{t('flows.qr.noPhone')}</p>}
      {png && svg && (
        <figure className="qr-figure">
          <img
            src={png}
            width={180}
            height={180}
            alt={t('flows.qr.image', { code: meta.triggerQrCode ?? '' })}
            data-testid="qr-image"
            data-content={content ?? ''}
          />
          <figcaption className="row">
            <a className="button-secondary" href={png} download={`${fileName}.png`} data-testid="qr-download-png">
              {t('flows.qr.png')}
            </a>
            <a
              className="button-secondary"
              href={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
              download={`${fileName}.svg`}
              data-testid="qr-download-svg">
              {t('flows.qr.svg')}
            </a>
          </figcaption>
        </figure>
      )}
    </div>
  );
}
