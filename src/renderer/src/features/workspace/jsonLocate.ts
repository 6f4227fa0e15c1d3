/**
 * Finds where a value lives in JSON text, by a path as the server writes it
 * (`apps[0].callbackUrls[1]`, `org.name`, `records["Account"][0]`), so that a server-side
 * issue can be drawn at the right place in the editor. Tolerant: returns null when the text
 * does not parse or the path is not there.
 */

export interface TextRange {
  start: number
  end: number
}

type Segment = string | number

export function parsePath(path: string): Segment[] {
  const segments: Segment[] = []
  const pattern = /\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\.?([^.[\]]+)/g
  let match: RegExpExecArray | null
  while ((match = pattern.exec(path)) !== null) {
    if (match[1] !== undefined) segments.push(Number(match[1]))
    else if (match[2] !== undefined) segments.push(JSON.parse(`"${match[2]}"`) as string)
    else if (match[3] !== undefined && match[3] !== '(root)') segments.push(match[3])
  }
  return segments
}

interface Node {
  range: TextRange
  /** For object members: the range of the key, to underline an unknown field. */
  keyRange?: TextRange
  children?: Map<Segment, Node>
}

function parse(text: string): Node | null {
  let i = 0
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++
  }
  const string = (): TextRange => {
    const start = i
    i++
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1
    i++
    return { start, end: i }
  }
  const value = (): Node => {
    ws()
    const start = i
    const c = text[i]
    if (c === '{') {
      i++
      const children = new Map<Segment, Node>()
      ws()
      while (i < text.length && text[i] !== '}') {
        ws()
        const keyRange = string()
        const key = JSON.parse(text.slice(keyRange.start, keyRange.end)) as string
        ws()
        i++ // :
        const child = value()
        children.set(key, { ...child, keyRange })
        ws()
        if (text[i] === ',') i++
        ws()
      }
      i++
      return { range: { start, end: i }, children }
    }
    if (c === '[') {
      i++
      const children = new Map<Segment, Node>()
      let index = 0
      ws()
      while (i < text.length && text[i] !== ']') {
        children.set(index++, value())
        ws()
        if (text[i] === ',') i++
        ws()
      }
      i++
      return { range: { start, end: i }, children }
    }
    if (c === '"') return { range: string() }
    while (i < text.length && /[^\s,\]}]/.test(text[i]!)) i++
    if (i === start) throw new Error('unexpected character')
    return { range: { start, end: i } }
  }
  try {
    JSON.parse(text)
    return value()
  } catch {
    return null
  }
}

/**
 * The range to mark for an issue at `path`: the member's key when the path ends at an object
 * member (e.g. "unknown field" on `apps[0].colour`), the element for an array index, and the
 * nearest enclosing value when the path is not in the text.
 */
export function locatePath(text: string, path: string): TextRange | null {
  const root = parse(text)
  if (!root) return null
  let node = root
  const segments = parsePath(path)
  for (const [index, segment] of segments.entries()) {
    const next = node.children?.get(segment)
    if (!next) return node.range
    if (index === segments.length - 1 && next.keyRange) return next.keyRange
    node = next
  }
  return node.range
}

/** 1-based line and column of an offset. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}
