/**
 * YAML for CloudFormation: short-form intrinsics (`!Ref`, `!Sub`, `!GetAtt`,
 * `!If` …), a fixed section order, a header naming the generated file's
 * source, and nothing that depends on the clock or the machine, so that the
 * same sources always give the same bytes.
 */
import { Document, isMap, isSeq, Pair, parse, Scalar, YAMLMap, YAMLSeq, type CollectionTag, type Node, type ScalarTag } from 'yaml';

/** Intrinsic functions written in short form: long name -> tag. */
const SHORT_FORMS: Readonly<Record<string, string>> = {
  Ref: '!Ref',
  'Fn::Base64': '!Base64',
  'Fn::Cidr': '!Cidr',
  'Fn::FindInMap': '!FindInMap',
  'Fn::GetAtt': '!GetAtt',
  'Fn::GetAZs': '!GetAZs',
  'Fn::ImportValue': '!ImportValue',
  'Fn::Join': '!Join',
  'Fn::Select': '!Select',
  'Fn::Split': '!Split',
  'Fn::Sub': '!Sub',
  'Fn::And': '!And',
  'Fn::Equals': '!Equals',
  'Fn::If': '!If',
  'Fn::Not': '!Not',
  'Fn::Or': '!Or',
};

/** Top-level sections in the order CloudFormation's documentation lists them. */
const SECTION_ORDER = [
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
] as const;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function isIntrinsic(value: Json): value is { [key: string]: Json } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] !== undefined && keys[0] in SHORT_FORMS;
}

function toNode(value: Json): Node {
  if (value === null || typeof value !== 'object') return new Scalar(value);
  if (Array.isArray(value)) {
    const seq = new YAMLSeq();
    for (const item of value) seq.items.push(toNode(item));
    return seq;
  }
  if (isIntrinsic(value)) {
    const [name, payload] = Object.entries(value)[0] as [string, Json];
    const tag = SHORT_FORMS[name] as string;
    let node: Node;
    if (name === 'Fn::GetAtt' && Array.isArray(payload) && payload.every((p) => typeof p === 'string')) {
      node = new Scalar(payload.join('.'));
    } else if (name === 'Fn::Sub' && Array.isArray(payload) && isEmptyObject(payload[1])) {
      // cloudform always emits [string, vars]; without variables the string alone is the idiom.
      node = toNode(payload[0] ?? '');
    } else {
      node = toNode(payload);
    }
    node.tag = tag;
    return node;
  }
  const map = new YAMLMap();
  for (const [key, item] of Object.entries(value) as [string, Json][]) {
    map.items.push(new Pair(new Scalar(key), toNode(item)));
  }
  return map;
}

function isEmptyObject(value: Json | undefined): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** Plain JSON of a template built with cloudform (its intrinsics serialise through toJSON). */
export function toJson(template: object): { [key: string]: Json } {
  return JSON.parse(JSON.stringify(template)) as { [key: string]: Json };
}

export interface YamlHeader {
  /** The file being written, e.g. `ASA-…-solution.yaml`. */
  readonly file: string;
  /** The source folder it comes from, relative to the repository root. */
  readonly source: string;
}

/** The template as YAML, sections in CloudFormation order, with a generated-file header. */
export function toYaml(template: object, header: YamlHeader): string {
  const json = toJson(template);
  const unknown = Object.keys(json).filter((key) => !(SECTION_ORDER as readonly string[]).includes(key));
  if (unknown.length > 0) throw new Error(`${header.file}: unknown top-level section(s) ${unknown.join(', ')}`);
  const ordered: { [key: string]: Json } = {};
  for (const section of SECTION_ORDER) {
    const value = json[section];
    if (value !== undefined) ordered[section] = value;
  }
  // YAML 1.1 quoting keeps strings such as 2010-09-09, True or yes strings for every CloudFormation parser.
  const doc = new Document(null, { version: '1.1' });
  doc.contents = toNode(ordered) as YAMLMap;
  doc.commentBefore = [
    ` ${header.file}`,
    ` GENERATED FILE: do not edit. Source: ${header.source}`,
    ' Regenerate with `npm run synth`; a test fails when this file and the source disagree.',
  ].join('\n');
  return doc.toString({ lineWidth: 0, singleQuote: true, indentSeq: true });
}

/** Short-form tags mapped back to their long-form JSON, for tests and tools that read the YAML. */
const READ_TAGS: (ScalarTag | CollectionTag)[] = Object.entries(SHORT_FORMS).flatMap(([name, tag]) => {
  const wrap = (value: unknown): unknown => {
    if (name === 'Fn::GetAtt' && typeof value === 'string') {
      const dot = value.indexOf('.');
      return { [name]: [value.slice(0, dot), value.slice(dot + 1)] };
    }
    return { [name]: value };
  };
  return [
    { tag, resolve: (str: string) => wrap(str) } satisfies ScalarTag,
    { tag, collection: 'seq', resolve: (seq) => wrap(isSeq(seq) ? seq.toJSON() : seq) } satisfies CollectionTag,
    { tag, collection: 'map', resolve: (map) => wrap(isMap(map) ? map.toJSON() : map) } satisfies CollectionTag,
  ];
});

/** Parses a generated template back into long-form JSON (`{"Ref": …}`, `{"Fn::Sub": …}`). */
export function parseTemplate(text: string): { [key: string]: Json } {
  return parse(text, { version: '1.1', customTags: READ_TAGS }) as { [key: string]: Json };
}

export type { Json };
