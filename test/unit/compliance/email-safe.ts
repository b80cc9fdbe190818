import { Parser } from 'htmlparser2';

/**
 * CSS properties that Gmail (web and apps) and Outlook (desktop, Word's
 * renderer, and web) keep in an inline style, or that degrade to nothing
 * where they are not kept (max-width, a margin). Layout through flex, grid,
 * position, float, CSS variables or background images is dropped by at least
 * one of them; none of those is on the list.
 */
const SAFE_CSS = new Set([
  'background-color',
  'border',
  'border-bottom',
  'border-top',
  'border-left',
  'border-collapse',
  'color',
  'font-family',
  'font-size',
  'font-weight',
  'height',
  'line-height',
  'margin',
  'max-width',
  'padding',
  'text-align',
  'vertical-align',
  'white-space',
  'width',
]);
const UNSAFE_TAGS = new Set(['script', 'style', 'link', 'img', 'iframe', 'object', 'embed', 'svg', 'form', 'input', 'button', 'video', 'audio', 'canvas', 'base', 'meta']);
/** What a whole mail may add to a fragment: its document frame, the charset and viewport metas, a title. */
const DOCUMENT_TAGS = ['html', 'head', 'body', 'meta', 'title'];
/** Attributes that make a client fetch something when the mail opens: tracking, broken images, blocked content. */
const RESOURCE_ATTRIBUTES = new Set(['src', 'srcset', 'background', 'poster', 'data', 'dynsrc', 'lowsrc', 'action', 'formaction']);
// Elements HTML never closes; everything else must be closed explicitly, in order.
const VOID = new Set(['br', 'hr', 'meta', 'link', 'img', 'input', 'col', 'wbr']);

/**
 * Problems that would make a fragment (or, with `document`, a whole mail)
 * unsafe for email or not well-formed; empty when it is fine.
 */
export function emailHtmlProblems(html: string, options: { allowTags?: readonly string[]; document?: boolean } = {}): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  const allowed = new Set([...(options.allowTags ?? []), ...(options.document ? DOCUMENT_TAGS : [])]);
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (UNSAFE_TAGS.has(name) && !allowed.has(name)) problems.push(`<${name}> is not email-safe`);
        for (const [attribute, value] of Object.entries(attributes)) {
          if (attribute.startsWith('on')) problems.push(`<${name} ${attribute}>: event handler`);
          if (RESOURCE_ATTRIBUTES.has(attribute)) problems.push(`<${name} ${attribute}>: external resource`);
          if (/javascript:|url\(|expression\(/i.test(value)) problems.push(`<${name} ${attribute}="${value}">: active content`);
        }
        if (name === 'meta' && !('charset' in attributes) && attributes.name !== 'viewport') problems.push('<meta> other than charset or viewport');
        for (const declaration of (attributes.style ?? '').split(';')) {
          const [rawProperty, ...rest] = declaration.split(':');
          const property = rawProperty?.trim().toLowerCase();
          if (property && !SAFE_CSS.has(property)) problems.push(`<${name}> style uses ${property}`);
          if (/var\(|url\(|expression\(|@import|!important/i.test(rest.join(':'))) problems.push(`<${name}> style value ${rest.join(':').trim()}`);
        }
        if (!VOID.has(name)) open.push(name);
      },
      onclosetag(name, implied) {
        if (VOID.has(name)) return;
        if (implied) problems.push(`</${name}> missing`);
        if (open.pop() !== name) problems.push(`</${name}> closes another element`);
      },
    },
    { decodeEntities: true, recognizeSelfClosing: false },
  );
  parser.write(html);
  parser.end();
  if (open.length > 0) problems.push(`unclosed: ${open.join(', ')}`);
  return problems;
}

/** The text of a fragment, with tags removed and entities decoded: what a reader sees. */
export function visibleText(html: string): string {
  let text = '';
  const parser = new Parser({ ontext: (chunk) => (text += chunk) }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return text;
}
