import { escapeHtml, singleLine } from '../core/text/escape';
import { NamedError } from '../core/errors/named-error';

// Hand-written: Mustache and Handlebars can insert a value unescaped ({{{x}}}, {{& x}}); a user's template must not be able to.
/**
 * A deliberately small template language, so that templates stay plain HTML
 * files that users can edit and upload to `<prefix>/Template/`:
 *
 *   {{name}}                 a value, always escaped; a list renders one item per line
 *   {{#rows}}...{{/rows}}    repeated for each record of a list of records; shown
 *                            once for a non-empty string or list of strings
 *   {{^rows}}...{{/rows}}    shown when the value is missing or empty
 *
 * There is no way for a template to insert a value unescaped: that is the
 * point. The one exception is not the template's to make: a Markup value,
 * which only this code base constructs (never from a message or an event:
 * JSON cannot produce one) from parts it escaped itself, such as the key-age
 * chart. Values are inserted in one pass, so a value that contains `{{...}}`
 * is printed as is. Records may hold lists of records (a code sample's lines).
 */
export interface TemplateRecord {
  readonly [name: string]: TemplateValue;
}
export type TemplateValue = string | readonly string[] | readonly TemplateRecord[] | Markup;
export type TemplateValues = Readonly<Record<string, TemplateValue>>;

/** HTML built by our own code from escaped parts, with its plain-text equivalent for the text part. */
export class Markup {
  constructor(
    readonly html: string,
    readonly text: string,
  ) {}
}

export type OutputFormat = 'html' | 'text';

/** A template whose sections do not nest properly. */
export class TemplateSyntaxError extends NamedError {
  override readonly name = 'TemplateSyntaxError';
  constructor(message: string) {
    super('template', message);
  }
}

type Node =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'value'; readonly name: string }
  | { readonly kind: 'section'; readonly name: string; readonly inverted: boolean; readonly children: readonly Node[] };

export interface CompiledTemplate {
  readonly nodes: readonly Node[];
  /** Every placeholder name used, for reporting ones that the notifier does not fill. */
  readonly names: ReadonlySet<string>;
}

const TAG = /\{\{\s*([#^/]?)\s*([A-Za-z_]\w*)\s*\}\}/g;

export function compileTemplate(source: string): CompiledTemplate {
  const root: Node[] = [];
  const stack: { name: string; inverted: boolean; children: Node[] }[] = [];
  const names = new Set<string>();
  let current = root;
  let last = 0;
  for (const match of source.matchAll(TAG)) {
    const [tag, sigil, name] = match as unknown as [string, string, string];
    const index = match.index ?? 0;
    if (index > last) current.push({ kind: 'text', text: source.slice(last, index) });
    last = index + tag.length;
    names.add(name);
    if (sigil === '#' || sigil === '^') {
      const frame = { name, inverted: sigil === '^', children: [] as Node[] };
      current.push({ kind: 'section', name, inverted: frame.inverted, children: frame.children });
      stack.push(frame);
      current = frame.children;
    } else if (sigil === '/') {
      const open = stack.pop();
      if (!open || open.name !== name) {
        throw new TemplateSyntaxError(`{{/${name}}} closes ${open ? `{{#${open.name}}}` : 'nothing'}`);
      }
      current = stack.at(-1)?.children ?? root;
    } else {
      current.push({ kind: 'value', name });
    }
  }
  const unclosed = stack.at(-1);
  if (unclosed) throw new TemplateSyntaxError(`{{#${unclosed.name}}} is never closed`);
  if (last < source.length) current.push({ kind: 'text', text: source.slice(last) });
  return { nodes: root, names };
}

export interface Rendered {
  readonly output: string;
  /** Placeholders that had no value and rendered empty. */
  readonly missing: readonly string[];
}

export function renderTemplate(template: CompiledTemplate | string, values: TemplateValues, format: OutputFormat): Rendered {
  const compiled = typeof template === 'string' ? compileTemplate(template) : template;
  const missing = new Set<string>();
  const output = renderNodes(compiled.nodes, [values], format, missing);
  return { output, missing: [...missing].sort() };
}

type Scope = readonly Readonly<Record<string, TemplateValue>>[];

function lookup(scope: Scope, name: string): TemplateValue | undefined {
  for (let i = scope.length - 1; i >= 0; i--) {
    const frame = scope[i];
    if (frame && Object.prototype.hasOwnProperty.call(frame, name)) return frame[name];
  }
  return undefined;
}

function isRecordList(value: TemplateValue): value is readonly TemplateRecord[] {
  return Array.isArray(value) && value.length > 0 && typeof value[0] === 'object';
}

function isEmpty(value: TemplateValue | undefined): boolean {
  if (value === undefined) return true;
  return value instanceof Markup ? value.html.length === 0 : value.length === 0;
}

function renderNodes(nodes: readonly Node[], scope: Scope, format: OutputFormat, missing: Set<string>): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') {
      out += node.text;
    } else if (node.kind === 'value') {
      const value = lookup(scope, node.name);
      if (value === undefined) missing.add(node.name);
      else out += formatValue(value, format);
    } else {
      const value = lookup(scope, node.name);
      if (node.inverted) {
        if (isEmpty(value)) out += renderNodes(node.children, scope, format, missing);
      } else if (value !== undefined && isRecordList(value)) {
        for (const record of value) out += renderNodes(node.children, [...scope, record], format, missing);
      } else if (!isEmpty(value)) {
        out += renderNodes(node.children, scope, format, missing);
      }
    }
  }
  return out;
}

function formatValue(value: TemplateValue, format: OutputFormat): string {
  if (value instanceof Markup) return format === 'html' ? value.html : value.text;
  const one = format === 'html' ? escapeHtml : singleLine;
  if (typeof value === 'string') return one(value);
  // A list of records only makes sense as a section; printed as a value it shows nothing rather than "[object Object]".
  if (isRecordList(value)) return '';
  return (value as readonly string[]).map(one).join(format === 'html' ? '<br>\n' : '\n');
}
