import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser'
import { MetadataError } from './errors'

/** The namespace every Metadata API source file declares on its root element. */
export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata'

/**
 * One element of a metadata file. Metadata files are plain data (no attributes besides the
 * root's namespace, no mixed content), so an element is either text or a list of children.
 * `line` is where the element starts in its file, for error messages; null for elements made
 * by the writer.
 */
export interface XmlElement {
  name: string
  text: string
  children: XmlElement[]
  line: number | null
}

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> }

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  captureMetaData: true,
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
})

const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  format: true,
  indentBy: '    ',
})

const metaSymbol = XMLParser.getMetaDataSymbol() as unknown as symbol

/**
 * Parses one metadata file. Well-formedness is checked first (fast-xml-parser's validator
 * reports the line), then the ordered node list becomes an XmlElement tree.
 */
export function parseXmlDocument(text: string, file: string): XmlElement {
  const valid = XMLValidator.validate(text)
  if (valid !== true) {
    throw new MetadataError(file, valid.err.line, null, `malformed XML: ${valid.err.msg}`)
  }
  const lineAt = lineLocator(text)
  const nodes = parser.parse(text) as OrderedNode[]
  const roots = nodes.filter((node) => elementName(node) !== null)
  if (roots.length !== 1) {
    throw new MetadataError(file, null, null, 'malformed XML: expected exactly one root element')
  }
  return toElement(roots[0]!, lineAt)
}

function elementName(node: OrderedNode): string | null {
  const name = Object.keys(node).find((key) => key !== ':@')
  if (name === undefined || name === '#text' || name === '#comment') return null
  return name
}

function toElement(node: OrderedNode, lineAt: (index: number) => number): XmlElement {
  const name = elementName(node)!
  const content = node[name] as OrderedNode[]
  const meta = (node as Record<symbol, { startIndex?: number } | undefined>)[metaSymbol]
  const children: XmlElement[] = []
  let text = ''
  for (const child of content) {
    if (elementName(child) !== null) children.push(toElement(child, lineAt))
    else if (typeof child['#text'] === 'string') text += child['#text']
  }
  return {
    name,
    // An element with children has only indentation for text; drop it.
    text: children.length > 0 ? '' : text,
    children,
    line: meta?.startIndex !== undefined ? lineAt(meta.startIndex) : null,
  }
}

/** Maps a character offset to its 1-based line number. */
function lineLocator(text: string): (index: number) => number {
  const starts = [0]
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1)
  return (index) => {
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (starts[mid]! <= index) low = mid
      else high = mid - 1
    }
    return low + 1
  }
}

function toOrdered(element: XmlElement): OrderedNode {
  return {
    [element.name]:
      element.children.length > 0
        ? element.children.map(toOrdered)
        : element.text === ''
          ? []
          : [{ '#text': element.text }],
  }
}

/** One element as XML text (how kept elements are stored in the workspace). */
export function serializeElement(element: XmlElement): string {
  return builder.build([toOrdered(element)]).trim()
}

/** Parses text made by serializeElement back into an element. */
export function parseElementText(text: string, where: string): XmlElement {
  return parseXmlDocument(text, where)
}

/** A whole metadata file: declaration, root with the metadata namespace, four-space indents. */
export function buildDocument(root: XmlElement): string {
  const ordered = toOrdered(root)
  ordered[':@'] = { '@_xmlns': METADATA_NAMESPACE }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build([ordered]).trim()}\n`
}

export function textElement(name: string, text: string): XmlElement {
  return { name, text, children: [], line: null }
}

export function parentElement(name: string, children: XmlElement[]): XmlElement {
  return { name, text: '', children, line: null }
}
