/**
 * @module core/canonicalize/transformation
 * The shared shape of one canonicalization step (after coraza's
 * `transformations/`): it returns the new value and whether anything changed,
 * so the pipeline can flag the matching anomaly without comparing strings.
 */

export interface Transformed<T> {
  value: T;
  changed: boolean;
}

/** A step over text (backslashes, NFC, …). */
export type Transformation = (input: string) => Transformed<string>;

/** A step over bytes (percent-decoding, overlong UTF-8, NUL), used before UTF-8 decoding. */
export type ByteTransformation = (input: Uint8Array) => Transformed<Uint8Array>;
