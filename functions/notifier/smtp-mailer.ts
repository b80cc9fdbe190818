import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { SmtpSettings } from './config';
import { errorCode, SendError, SmtpCredentialsError } from './errors';
import { classifySmtpError } from './failure';
import type { Mailer, OutgoingEmail } from './mailer';

/** Where to connect. Production: the region's SES SMTP endpoint with STARTTLS; tests point it at a local server. */
export interface SmtpEndpoint {
  readonly host: string;
  readonly port: number;
  /** Refuse to send unless the server upgrades to TLS (STARTTLS). Only tests turn it off. */
  readonly requireTls: boolean;
}

export function sesSmtpEndpoint(region: string): SmtpEndpoint {
  return { host: `email-smtp.${region}.amazonaws.com`, port: 587, requireTls: true };
}

interface SmtpCredentials {
  readonly user: string;
  readonly pass: string;
}

/**
 * VPC mode: a function in private subnets reaches SES through the SMTP VPC
 * endpoint. The SMTP credentials (an IAM user's SMTP password) are read from
 * SSM on first use and kept for the container's life; a failed read is retried
 * on the next message rather than remembered.
 */
export class SmtpMailer implements Mailer {
  readonly transport = 'smtp';
  private transporter: Promise<Transporter> | undefined;

  constructor(
    private readonly ssm: SSMClient,
    private readonly settings: SmtpSettings,
    private readonly endpoint: SmtpEndpoint,
    private readonly from: string,
  ) {}

  async send(email: OutgoingEmail): Promise<string> {
    const transporter = await this.connect().catch((error: unknown) => {
      throw new SendError('transient', errorCode(error), email.to, { cause: error });
    });
    try {
      const info = (await transporter.sendMail({
        from: this.from,
        to: [...email.to],
        subject: email.subject,
        html: email.html,
        text: email.text,
      })) as { messageId?: string };
      return info.messageId ?? '';
    } catch (error) {
      throw new SendError(classifySmtpError(error), errorCode(error), email.to, { cause: error });
    }
  }

  private connect(): Promise<Transporter> {
    if (!this.transporter) {
      this.transporter = this.credentials().then((auth) =>
        nodemailer.createTransport({
          host: this.endpoint.host,
          port: this.endpoint.port,
          // 587 starts in plain text and upgrades with STARTTLS; `secure` would mean TLS from the first byte (465).
          secure: false,
          requireTLS: this.endpoint.requireTls,
          ignoreTLS: !this.endpoint.requireTls,
          auth,
        }),
      );
      this.transporter.catch(() => {
        this.transporter = undefined;
      });
    }
    return this.transporter;
  }

  private async credentials(): Promise<SmtpCredentials> {
    const [user, pass] = await Promise.all([this.parameter(this.settings.userParameter), this.parameter(this.settings.passwordParameter)]);
    return { user, pass };
  }

  private async parameter(name: string): Promise<string> {
    try {
      const result = await this.ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      const value = result.Parameter?.Value;
      if (!value) throw new Error('the parameter has no value');
      return value;
    } catch (error) {
      throw new SmtpCredentialsError(name, { cause: error });
    }
  }
}
