import { MetadataError } from './errors'
import type { XmlElement } from './xml'

/**
 * Reads typed values out of one file's elements, failing with the file, line and element
 * named, and the values that would have been accepted.
 */
export class ValueReader {
  constructor(readonly file: string) {}

  fail(element: XmlElement | null, detail: string): never {
    throw new MetadataError(this.file, element?.line ?? null, element?.name ?? null, detail)
  }

  text(element: XmlElement): string {
    if (element.children.length > 0) this.fail(element, 'expected text, found child elements')
    return element.text.trim()
  }

  boolean(element: XmlElement): boolean {
    const value = this.text(element)
    if (value === 'true') return true
    if (value === 'false') return false
    return this.fail(element, `expected true or false, found "${value}"`)
  }

  integer(element: XmlElement, min: number, max: number): number {
    const value = this.text(element)
    const number = /^\d+$/.test(value) ? Number(value) : NaN
    if (!Number.isSafeInteger(number) || number < min || number > max) {
      this.fail(element, `expected a whole number from ${min} to ${max}, found "${value}"`)
    }
    return number
  }

  oneOf<T extends string>(element: XmlElement, values: readonly T[]): T {
    const value = this.text(element)
    if (!(values as readonly string[]).includes(value)) {
      this.fail(element, `unknown value "${value}"; expected one of ${values.join(', ')}`)
    }
    return value as T
  }

  /** A comma-separated list (ECA files): split on commas, trimmed, empties dropped. */
  list(element: XmlElement): string[] {
    return this.text(element)
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '')
  }

  /** The text of a required child element. */
  required(parent: XmlElement, name: string): XmlElement {
    const child = parent.children.find((c) => c.name === name)
    if (child === undefined) this.fail(parent, `missing required element <${name}>`)
    return child
  }
}

/** Several callback URLs share one element, one per line (CR, LF or CRLF). */
export function splitLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

const PEM_ARMOR = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/

/**
 * Retrieves hold a certificate as its bare base64 body; people also paste the armored PEM.
 * Both become the PEM the workspace keeps (64-character lines).
 */
export function certificateToPem(text: string): string {
  const armored = PEM_ARMOR.exec(text)
  const body = (armored ? armored[1]! : text).replace(/\s+/g, '')
  const lines = body.match(/.{1,64}/g) ?? []
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`
}

/** The PEM body alone, on one line: how retrieves write certificates. */
export function pemToCertificateBody(pem: string): string {
  const armored = PEM_ARMOR.exec(pem)
  return (armored ? armored[1]! : pem).replace(/\s+/g, '')
}
