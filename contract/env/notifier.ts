/** Environment variables of the notifier function: the template sets them, the function's config parser reads them. */
export const NOTIFIER_ENV = {
  adminEmail: 'ADMIN_EMAIL',
  bucketName: 'S3_BUCKET_NAME',
  bucketPrefix: 'S3_BUCKET_PREFIX',
  emailTemplateEnforce: 'EMAIL_TEMPLATE_ENFORCE',
  emailTemplateAudit: 'EMAIL_TEMPLATE_AUDIT',
  runInVpc: 'RUN_IN_VPC',
  smtpUserParamName: 'SMTP_USER_PARAM_NAME',
  smtpPasswordParamName: 'SMTP_PASSWORD_PARAM_NAME',
  digestWeekday: 'DIGEST_WEEKDAY',
  complianceMaxKeyAge: 'COMPLIANCE_MAX_KEY_AGE',
} as const;
