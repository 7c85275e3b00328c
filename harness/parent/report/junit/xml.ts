// XML 1.0 written by hand: elements, attributes and text, escaped. A test's
// output or a file name may hold anything: the five markup characters are
// escaped, and characters XML 1.0 cannot carry at all (control characters
// other than tab, LF and CR, lone surrogates, U+FFFE and U+FFFF) are dropped,
// since no reader would accept the document otherwise.

const NOT_XML_10 = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const MARKUP = /[&<>"']/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** A reader normalises these to spaces in an attribute value unless they are character references. */
const ATTRIBUTE_WHITESPACE = /[\t\n\r]/g;

/** Text as element content. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML_10, '').replace(MARKUP, (c) => ENTITIES[c]!);
}

/** Text as an attribute value (between double quotes), its tabs and line breaks kept. */
export function xmlAttribute(text: string): string {
  return xmlText(text).replace(ATTRIBUTE_WHITESPACE, (c) => `&#${c.charCodeAt(0)};`);
}

export interface XmlElement {
  name: string;
  /** Undefined values are left out. */
  attributes: Record<string, string | number | undefined>;
  children: (XmlElement | string)[];
}

export function element(
  name: string,
  attributes: XmlElement['attributes'] = {},
  children: XmlElement['children'] = [],
): XmlElement {
  return { name, attributes, children };
}

function openTag(node: XmlElement): string {
  const attributes = Object.entries(node.attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${xmlAttribute(String(value))}"`)
    .join('');
  return `<${node.name}${attributes}`;
}

function render(node: XmlElement, indent: string): string {
  const open = openTag(node);
  if (node.children.length === 0) return `${indent}${open}/>`;
  // Text is written as it is, unindented, so that a reader gets it back exactly.
  if (node.children.every((child) => typeof child === 'string')) {
    return `${indent}${open}>${node.children.map((text) => xmlText(text as string)).join('')}</${node.name}>`;
  }
  const inner = node.children.map((child) =>
    typeof child === 'string' ? xmlText(child) : render(child, `${indent}  `),
  );
  return `${indent}${open}>\n${inner.join('\n')}\n${indent}</${node.name}>`;
}

/** A whole document: the declaration, then the root element, indented. */
export function renderXml(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, '')}\n`;
}
