import { errorCode, type FailureKind } from './errors';

/**
 * SES answers that retrying the same mail cannot fix: the address, the
 * sender identity or the account is the problem. They are logged and counted;
 * retrying them would only walk every such message into the DLQ.
 * (Names from SES v2, SES v1 as moto reports some, and the SDK.)
 */
const PERMANENT_SES = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'MailFromDomainNotVerified',
  'BadRequestException',
  'InvalidParameterValue',
  'NotFoundException',
  'AccountSuspendedException',
  'SendingPausedException',
  'ConfigurationSetDoesNotExist',
  'AccessDeniedException',
  'AccessDenied',
]);

/**
 * Everything else is transient, unknown errors included: a retry is cheap and
 * bounded (the queue's maxReceiveCount moves a message to the DLQ, where the
 * alarm sees it), while dropping a mail because of an error we did not
 * foresee is silent.
 */
export function classifySesError(error: unknown): FailureKind {
  return PERMANENT_SES.has(errorCode(error)) ? 'permanent' : 'transient';
}

/**
 * SMTP reply codes say it themselves: 4xx is "try again later" (throttling,
 * greylisting), 5xx is a refusal (unverified address, authentication). A
 * failure without a reply code is the network: transient.
 */
export function classifySmtpError(error: unknown): FailureKind {
  const responseCode = (error as { responseCode?: unknown } | null)?.responseCode;
  if (typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600) return 'permanent';
  return 'transient';
}
