/**
 * The template `Rules` section, which cloudform does not model: cross-parameter
 * checks that CloudFormation evaluates before creating or updating anything.
 * Assertions use cloudform's `Fn::Equals`, `Fn::Not`, `Fn::And` and `Fn::Or`.
 */
import type { Condition } from 'cloudform';

export interface RuleAssertion {
  readonly Assert: Condition;
  readonly AssertDescription: string;
}

export interface Rule {
  /** When absent, the assertions always apply. */
  readonly RuleCondition?: Condition;
  readonly Assertions: readonly RuleAssertion[];
}

export type Rules = Readonly<Record<string, Rule>>;

