import { useEffect, useState } from 'react'
import { Text } from '@mantine/core'

/** Seconds left before a paused exchange goes on unchanged. */
export function Countdown({ deadline }: { deadline: string }) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 500)
    return () => window.clearInterval(timer)
  }, [])
  const left = Math.max(0, Math.ceil((Date.parse(deadline) - now) / 1000))
  return (
    <Text
      size="xs"
      c={left <= 10 ? 'red' : 'dimmed'}
      className="gh-tabular"
      data-testid="paused-countdown"
    >
      {left} s left
    </Text>
  )
}
