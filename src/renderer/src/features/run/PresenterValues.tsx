import { presentedValue } from './showValues'

/** Name and value pairs in two aligned columns, each value on one line. */
export function PresenterValues({ values }: { values: [string, string][] }) {
  if (values.length === 0) return null
  return (
    <dl className="gh-present-values">
      {values.map(([name, value]) => (
        <div key={name} className="gh-present-value">
          <dt>{name}</dt>
          <dd title={value}>{presentedValue(name, value)}</dd>
        </div>
      ))}
    </dl>
  )
}
