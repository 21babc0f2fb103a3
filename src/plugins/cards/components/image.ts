/**
 * `Image(bytes | url, { alt, caption })`: image bytes (PNG, JPEG, GIF, WebP, SVG) are embedded
 * in the card as a data URL, so the card stays self-contained; a URL (http, https, or a data URL
 * of an image) is linked as it is.
 * @module
 */
import type { CardComponent } from "../../../flow/card-api.js";
import { html } from "../html/escape.js";

/** Options of {@link Image}. */
export interface ImageOptions {
  /** Text for screen readers (and shown when the image cannot be). @default "image" */
  readonly alt?: string;
  readonly caption?: string;
}

/** An image that can be replaced (then `current.card.refresh()`). */
export interface ImageComponent extends CardComponent {
  update(source: Uint8Array | string): void;
}

/**
 * An image.
 *
 * @example
 * ```ts
 * current.card.append(Image(readFileSync("plot.png"), { alt: "loss curve" }));
 * ```
 */
export function Image(source: Uint8Array | string, options: ImageOptions = {}): ImageComponent {
  let current = source;
  return {
    update(next) {
      current = next;
    },
    render() {
      const src = typeof current === "string" ? checkedUrl(current) : dataUrl(current);
      const img = html`<img src="${src}" alt="${options.alt ?? "image"}">`;
      return html`<figure>${img}${options.caption === undefined ? "" : html`<figcaption>${options.caption}</figcaption>`}</figure>`.value;
    },
  };
}

/** The MIME type of image bytes, from their first bytes. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  const starts = (...sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x47, 0x49, 0x46, 0x38)) return "image/gif";
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return "image/webp";
  const head = Buffer.from(bytes.subarray(0, 512)).toString("utf8").trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return "image/svg+xml";
  return undefined;
}

function dataUrl(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw new Error(`Image takes bytes (Uint8Array/Buffer) or a URL string; got ${typeof bytes}.`);
  const type = sniffImageType(bytes);
  if (type === undefined) throw new Error(`Image: the ${bytes.byteLength} bytes given are not a PNG, JPEG, GIF, WebP or SVG image.`);
  return `data:${type};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64")}`;
}

function checkedUrl(url: string): string {
  if (/^https?:\/\//i.test(url) || /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[a-z0-9+/=\s]*$/i.test(url)) return url;
  throw new Error(`Image: ${JSON.stringify(url.slice(0, 80))} is not an http(s) URL or a data URL of an image; pass the image's bytes to embed a local file.`);
}
