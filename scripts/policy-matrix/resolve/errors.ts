import { ProblemError } from '../../../functions/core/errors/named-error';

/** A template, or a deployment of it, that the resolver cannot turn into concrete policies: the subject says where. */
export class UnresolvableTemplateError extends ProblemError {
  override readonly name = 'UnresolvableTemplateError';
}
