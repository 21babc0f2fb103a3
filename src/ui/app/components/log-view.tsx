/**
 * A log stream of one attempt, tailed while the attempt runs (only the new part is fetched).
 * Log lines are text: `<script>` in a log shows as the characters it is.
 * @module
 */
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiRequestError } from "../api.js";
import { ErrorBox } from "./error-box.js";

/** The log; polls every second until the API says it is complete. */
export function LogView(props: { readonly pathspec: string; readonly stream: "stdout" | "stderr"; readonly attempt: number }): JSX.Element {
  const [text, setText] = useState("");
  const [complete, setComplete] = useState(false);
  const [error, setError] = useState<ApiRequestError | undefined>();
  const pre = useRef<HTMLPreElement>(null);
  useEffect(() => {
    let cancelled = false;
    let offset = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setText("");
    setComplete(false);
    setError(undefined);
    const poll = async (): Promise<void> => {
      try {
        const r = await api.log(props.pathspec, props.stream, props.attempt, offset);
        if (cancelled) return;
        offset = r.offset;
        if (r.text !== "") {
          const el = pre.current;
          const atBottom = el === null || el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          setText((t) => t + r.text);
          if (atBottom) requestAnimationFrame(() => pre.current?.scrollTo({ top: pre.current.scrollHeight }));
        }
        setError(undefined);
        setComplete(r.complete);
        if (!r.complete) timer = setTimeout(() => void poll(), 1000);
      } catch (e) {
        if (cancelled) return;
        setError(e instanceof ApiRequestError ? e : undefined);
        timer = setTimeout(() => void poll(), 3000);
      }
    };
    void poll();
    return () => {
      cancelled = true;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [props.pathspec, props.stream, props.attempt]);
  return (
    <div class="log">
      {error ? <ErrorBox error={error.error} what={props.stream} /> : null}
      <pre ref={pre} class="log-text" tabIndex={0} aria-label={`${props.stream} of attempt ${props.attempt}`} data-stream={props.stream}>
        {text === "" ? <span class="muted">{complete ? `(no ${props.stream})` : "(nothing yet)"}</span> : text}
      </pre>
      {complete ? null : <p class="live-note">tailing…</p>}
    </div>
  );
}
