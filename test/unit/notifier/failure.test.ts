import { classifySesError, classifySmtpError } from '../../../functions/notifier/failure';

function awsError(name: string): Error {
  const error = new Error('x');
  error.name = name;
  return error;
}

describe('send failure classification', () => {
  test.each(['MessageRejected', 'MailFromDomainNotVerifiedException', 'BadRequestException', 'InvalidParameterValue', 'AccountSuspendedException'])(
    'SES %s is permanent',
    (name) => expect(classifySesError(awsError(name))).toBe('permanent'),
  );

  test.each(['TooManyRequestsException', 'Throttling', 'LimitExceededException', 'InternalFailure', 'ServiceUnavailable', 'TimeoutError', 'SomethingNew'])(
    'SES %s is transient',
    (name) => expect(classifySesError(awsError(name))).toBe('transient'),
  );

  test('a socket error code counts, not its generic name', () => {
    expect(classifySesError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe('transient');
  });

  test('SMTP: 5xx is permanent, 4xx and no reply at all are transient', () => {
    expect(classifySmtpError(Object.assign(new Error('no'), { responseCode: 554 }))).toBe('permanent');
    expect(classifySmtpError(Object.assign(new Error('later'), { responseCode: 454 }))).toBe('transient');
    expect(classifySmtpError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe('transient');
  });
});
