/**
 * Named values (parameters, configs, artifacts) with their type and a preview; a cut preview
 * says so. Values are text: the browser never interprets them as markup.
 * @module
 */
import type { ComponentChildren, JSX } from "preact";
import type { ValuePreview } from "../../api-types.js";
import { ErrorBox } from "./error-box.js";

/** One value's preview, and what follows it (size, download link). */
export function ValueRow(props: { readonly value: ValuePreview; readonly extra?: ComponentChildren }): JSX.Element {
  const v = props.value;
  return (
    <tr data-name={v.name}>
      <th scope="row">
        <code>{v.name}</code>
      </th>
      <td class="muted">{v.type}</td>
      <td class="value-cell">
        {v.error ? <ErrorBox error={v.error} what={`'${v.name}'`} /> : <pre class="value">{v.preview}</pre>}
        {v.truncated ? <p class="muted truncated">{v.preview === "" ? "Too large to preview: download it." : "Cut: download the whole value."}</p> : null}
      </td>
      {props.extra === undefined ? null : <td>{props.extra}</td>}
    </tr>
  );
}

/** A table of values, or a note when there are none. */
export function ValueList(props: { readonly values: readonly ValuePreview[]; readonly label: string; readonly empty: string }): JSX.Element {
  if (props.values.length === 0) return <p class="muted">{props.empty}</p>;
  return (
    <table class="values" aria-label={props.label}>
      <tbody>
        {props.values.map((v) => (
          <ValueRow key={v.name} value={v} />
        ))}
      </tbody>
    </table>
  );
}
