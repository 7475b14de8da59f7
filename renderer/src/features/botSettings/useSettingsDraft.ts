// The life of a settings form: a draft made from the server's settings (again whenever they change:
// loaded, saved, changed elsewhere), edits that clear the "saved" note, a submit that checks the draft
// with the schema the server enforces (each field its own error) and saves only what passed.
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { useT } from '#renderer/i18n/useI18n';
import { fieldErrors, type FieldErrors } from './fieldErrors';

type Parsed<Values> = { success: true; data: Values } | { success: false; error: z.ZodError };

export function useSettingsDraft<Source, Draft, Values, Saved>(options: {
  /** False while what the draft is made from is still loading. */
  ready: boolean;
  /** The server's settings: a new object (by identity) starts the draft again. */
  source: Source;
  toDraft: (source: Source) => Draft;
  parse: (draft: Draft) => Parsed<Values>;
  /** Replaces the generic texts of some fields' errors with clearer ones. */
  explainErrors?: (errors: FieldErrors) => FieldErrors;
  save: (values: Values) => Promise<Saved>;
  onSaved?: (saved: Saved) => unknown;
}) {
  const t = useT();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loaded, setLoaded] = useState<{ source: Source } | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  if (options.ready && loaded?.source !== options.source) {
    setLoaded({ source: options.source });
    setDraft(options.toDraft(options.source));
  }
  const save = useMutation({
    mutationFn: options.save,
    onSuccess: async (result) => {
      setSaved(true);
      await options.onSaved?.(result);
    },
  });
  const change = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((current) => (current ? { ...current, ...patch } : current));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    const parsed = options.parse(draft);
    if (!parsed.success) {
      const found = fieldErrors(parsed.error, t);
      setErrors(options.explainErrors ? options.explainErrors(found) : found);
      return;
    }
    setErrors({});
    save.mutate(parsed.data);
  };
  return { draft, change, errors, saved, submit, save };
}
