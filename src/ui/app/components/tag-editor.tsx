/**
 * Adds and removes a run's user tags (the UI's only write). System tags are shown, not editable.
 * @module
 */
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import type { RunSummary } from "../../api-types.js";
import { api, ApiRequestError } from "../api.js";

/** The editor; `onChange` gets the run's user tags after a change. */
export function TagEditor(props: { readonly run: RunSummary; readonly onChange: (tags: readonly string[]) => void }): JSX.Element {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const change = async (c: { add?: string[]; remove?: string[] }): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const { tags } = await api.changeTags(props.run.flowName, props.run.runId, c);
      props.onChange(tags);
      if (c.add) setText("");
    } catch (e) {
      setError(e instanceof ApiRequestError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="tag-editor">
      <ul class="tags" aria-label="User tags">
        {props.run.tags.length === 0 ? <li class="muted">no user tags</li> : null}
        {props.run.tags.map((t) => (
          <li class="tag" key={t}>
            {t}
            <button type="button" class="tag-remove" aria-label={`Remove tag ${t}`} title={`Remove tag ${t}`} disabled={busy} onClick={() => void change({ remove: [t] })}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        class="tag-add"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim() !== "") void change({ add: [text.trim()] });
        }}
      >
        <label>
          <span class="visually-hidden">New tag</span>
          <input value={text} placeholder="add a tag" maxLength={500} onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />
        </label>
        <button type="submit" disabled={busy || text.trim() === ""}>
          Add tag
        </button>
      </form>
      {error ? (
        <p class="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
