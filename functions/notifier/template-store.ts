import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { S3_FOLDERS } from '../../contract/names';
import type { Logger } from '../core/log/logger';
import { describe, errorCode, TemplateLoadError } from './errors';
import { compileTemplate, TemplateSyntaxError, type CompiledTemplate } from './render';
import { AUDIT_TEMPLATE, BUILT_IN_TEMPLATES, ENFORCEMENT_TEMPLATE } from './templates/builtin';

export type TemplateMode = 'enforce' | 'audit';

export interface LoadedTemplate {
  readonly name: string;
  readonly origin: 's3' | 'built-in';
  readonly template: CompiledTemplate;
}

// Without s3:ListBucket on the bucket, S3 answers a missing key with 403, not 404.
const MISSING = new Set(['NoSuchKey', 'NotFound']);
const FORBIDDEN = new Set(['AccessDenied', 'Forbidden']);

/**
 * Email templates from `s3://<bucket>/<prefix>/Template/<name>`, read once per
 * container: a warm notifier sends a batch with no S3 call. An uploaded
 * change is picked up by new containers (at the latest after Lambda recycles
 * them), which is fine for a daily mail.
 */
export class TemplateStore {
  private readonly cache = new Map<string, Promise<LoadedTemplate>>();

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  get(name: string, mode: TemplateMode): Promise<LoadedTemplate> {
    const cached = this.cache.get(name);
    if (cached) return cached;
    const loading = this.load(name, mode);
    this.cache.set(name, loading);
    // A transient failure must not stick to the container: the next message tries S3 again.
    loading.catch(() => this.cache.delete(name));
    return loading;
  }

  private async load(name: string, mode: TemplateMode): Promise<LoadedTemplate> {
    const key = `${this.prefix}/${S3_FOLDERS.template}/${name}`;
    let source: string;
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      source = (await object.Body?.transformToString('utf-8')) ?? '';
    } catch (error) {
      const code = errorCode(error);
      if (MISSING.has(code) || FORBIDDEN.has(code)) {
        this.logger.warn('email template not found in S3; using the built-in default', {
          bucket: this.bucket,
          key,
          code,
          ...(FORBIDDEN.has(code) ? { hint: 'S3 reports a missing key as AccessDenied when the role may not list the bucket' } : {}),
        });
        return this.builtIn(name, mode);
      }
      throw new TemplateLoadError(key, { cause: error });
    }
    try {
      return { name, origin: 's3', template: compileTemplate(source) };
    } catch (error) {
      if (!(error instanceof TemplateSyntaxError)) throw error;
      // A broken upload must not stop the mail: say so loudly and send the default layout.
      this.logger.error('email template in S3 is malformed; using the built-in default', { bucket: this.bucket, key, error: describe(error) });
      return this.builtIn(name, mode);
    }
  }

  private builtIn(name: string, mode: TemplateMode): LoadedTemplate {
    const source = BUILT_IN_TEMPLATES[name] ?? (mode === 'audit' ? AUDIT_TEMPLATE : ENFORCEMENT_TEMPLATE);
    return { name, origin: 'built-in', template: compileTemplate(source) };
  }
}
