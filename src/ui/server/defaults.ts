/**
 * Where the UI listens unless told otherwise.
 * @module
 */

/** The UI's default port. */
export const DEFAULT_UI_PORT = 8324;
/** The UI's default host: this machine only. */
export const DEFAULT_UI_HOST = "127.0.0.1";
