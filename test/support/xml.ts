/**
 * A small strict XML reader for the tests of the JUnit reporter: elements, attributes, text,
 * the five predefined entities and numeric references. Throws on anything not well-formed
 * (unclosed or mismatched tags, a bare `<` or `&`, duplicate attributes).
 */
export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  text: string
}

const NAME = /^[A-Za-z_:][\w.:-]*/
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decode(raw: string, at: number): string {
  if (/[<]/.test(raw)) throw new Error(`bare < near offset ${at}`)
  return raw.replace(/&([^;]*);|&/g, (_all, entity: string | undefined) => {
    if (entity === undefined) throw new Error(`bare & near offset ${at}`)
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16))
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10))
    const value = ENTITIES[entity]
    if (value === undefined) throw new Error(`unknown entity &${entity}; near offset ${at}`)
    return value
  })
}

export function parseXml(text: string): XmlElement {
  let i = 0
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++
  }
  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>')
    if (end < 0) throw new Error('unterminated XML declaration')
    i = end + 2
  }
  const element = (): XmlElement => {
    if (text[i] !== '<') throw new Error(`expected < at ${i}`)
    i++
    const name = NAME.exec(text.slice(i))?.[0]
    if (!name) throw new Error(`expected a tag name at ${i}`)
    i += name.length
    const node: XmlElement = { name, attributes: {}, children: [], text: '' }
    for (;;) {
      skipSpace()
      if (text.startsWith('/>', i)) {
        i += 2
        return node
      }
      if (text[i] === '>') {
        i++
        break
      }
      const attr = NAME.exec(text.slice(i))?.[0]
      if (!attr) throw new Error(`expected an attribute at ${i}`)
      i += attr.length
      skipSpace()
      if (text[i] !== '=') throw new Error(`expected = at ${i}`)
      i++
      skipSpace()
      const quote = text[i]
      if (quote !== '"' && quote !== "'") throw new Error(`expected a quote at ${i}`)
      const end = text.indexOf(quote, i + 1)
      if (end < 0) throw new Error('unterminated attribute')
      if (attr in node.attributes) throw new Error(`duplicate attribute ${attr}`)
      node.attributes[attr] = decode(text.slice(i + 1, end), i)
      i = end + 1
    }
    for (;;) {
      const next = text.indexOf('<', i)
      if (next < 0) throw new Error(`unclosed <${name}>`)
      node.text += decode(text.slice(i, next), i)
      i = next
      if (text.startsWith('</', i)) {
        i += 2
        const close = NAME.exec(text.slice(i))?.[0]
        if (close !== name) throw new Error(`</${close}> closes <${name}> at ${i}`)
        i += close.length
        skipSpace()
        if (text[i] !== '>') throw new Error(`expected > at ${i}`)
        i++
        return node
      }
      node.children.push(element())
    }
  }
  skipSpace()
  const root = element()
  skipSpace()
  if (i !== text.length) throw new Error(`content after the root element at ${i}`)
  return root
}

/** Every element named `name` under `root` (root included), in document order. */
export function elements(root: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = []
  const walk = (node: XmlElement) => {
    if (node.name === name) found.push(node)
    node.children.forEach(walk)
  }
  walk(root)
  return found
}
