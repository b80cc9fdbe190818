import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { errorCode, SendError } from './errors';
import { classifySesError } from './failure';
import type { Mailer, OutgoingEmail } from './mailer';

/** The SES v2 API (outside a VPC). The execution role allows sending only from the admin address. */
export class SesMailer implements Mailer {
  readonly transport = 'ses';

  constructor(
    private readonly ses: SESv2Client,
    private readonly from: string,
  ) {}

  async send(email: OutgoingEmail): Promise<string> {
    try {
      const result = await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [...email.to] },
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
            },
          },
        }),
      );
      return result.MessageId ?? '';
    } catch (error) {
      throw new SendError(classifySesError(error), errorCode(error), email.to, { cause: error });
    }
  }
}
