/**
 * A schema's output, read-only all the way down: the contracts derived from
 * schemas (z.output) are values passed around, never edited in place, and
 * readonly arrays of the producers must be assignable to them.
 */
export type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
