/**
 * An error the API reported for one object: shown in place of it, the rest of the page stays.
 * @module
 */
import type { JSX } from "preact";
import type { ApiError } from "../../api-types.js";

/** The error's code and message, as text. */
export function ErrorBox(props: { readonly error: ApiError; readonly what?: string }): JSX.Element {
  return (
    <div class="error-box" role="alert">
      <strong>{props.what ? `Could not read ${props.what}` : "Error"}</strong> <code>{props.error.code}</code>
      <p>{props.error.message}</p>
    </div>
  );
}
