/** Typed intrinsics that cloudform's property types cannot express. */
import { Fn, Refs } from 'cloudform';

/**
 * `!If [condition, value, !Ref AWS::NoValue]`, typed as the value: cloudform
 * types object-valued properties (such as a function's VpcConfig) without
 * room for an intrinsic, so this is the one place that bridges the two.
 */
export function onlyIf<T extends object>(condition: string, value: T): T {
  return Fn.If(condition, value, Refs.NoValue) as unknown as T;
}
