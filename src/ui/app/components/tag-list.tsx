/**
 * Tags as chips; user tags can link to the runs page filtered by them.
 * @module
 */
import type { JSX } from "preact";
import { Link } from "../router.js";

/** User tags (filter links when `flow` is given) and, muted, system tags. */
export function TagList(props: { readonly tags: readonly string[]; readonly systemTags?: readonly string[]; readonly flow?: string }): JSX.Element {
  return (
    <span class="tags">
      {props.tags.map((t) =>
        props.flow === undefined ? (
          <span class="tag" key={t}>{t}</span>
        ) : (
          <Link class="tag" key={t} href={`/?flow=${encodeURIComponent(props.flow)}&tag=${encodeURIComponent(t)}`} title={`Runs tagged ${t}`}>
            {t}
          </Link>
        ),
      )}
      {(props.systemTags ?? []).map((t) => (
        <span class="tag tag-system" key={t} title="system tag">
          {t}
        </span>
      ))}
    </span>
  );
}
