import { useEffect, useRef } from 'react'
import {
  ActionIcon,
  AppShell,
  Badge,
  Box,
  Burger,
  Divider,
  Group,
  NavLink,
  ScrollArea,
  Skeleton,
  Text,
  Tooltip,
} from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { IconKeyboard } from '@tabler/icons-react'
import { useStatus } from '../api/queries'
import { ColorSchemeToggle } from './ColorSchemeToggle'
import { LogoMark } from './LogoMark'
import { hrefFor, useRoute } from './router'
import { ShortcutKeys } from './ShortcutKeys'
import { ShortcutsModal } from './ShortcutsModal'
import { useViewShortcuts } from './shortcuts'
import { DEFAULT_VIEW, GROUP_LABELS, VIEWS, findView } from './views'
import type { ViewDef } from './views'
import { ViewOutlet } from './ViewOutlet'
import { ServerIndicator } from './ServerIndicator'
import { HeaderControls } from '../features/header/HeaderControls'

export function AppFrame() {
  const route = useRoute()
  const [navOpened, nav] = useDisclosure(false)
  const [helpOpened, help] = useDisclosure(false)
  const status = useStatus()
  const current = findView(route.view || DEFAULT_VIEW)

  useViewShortcuts({
    onView: (view) => {
      route.navigate(view)
      nav.close()
    },
    onHelp: help.toggle,
  })

  const orgName = status.data?.org.name
  useEffect(() => {
    const parts = [current?.label ?? 'Not found', orgName, 'Gatehouse'].filter(Boolean)
    document.title = parts.join(' · ')
  }, [current, orgName])

  // Move focus to the page heading after a view change, so keyboard and screen-reader users
  // land on the new content (but not on first load).
  const lastView = useRef(current?.id)
  useEffect(() => {
    if (current?.id === lastView.current) return
    lastView.current = current?.id
    window.scrollTo({ top: 0 })
    document.querySelector<HTMLElement>('#gh-main h1')?.focus({ preventScroll: true })
  }, [current?.id])

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 236, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding={0}
    >
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap" gap="md">
          <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <a href={hrefFor(DEFAULT_VIEW)} aria-label="Gatehouse: Status" className="gh-brand">
              <Group gap={10} wrap="nowrap">
                <LogoMark size={30} />
                <Text fw={700} size="lg" style={{ letterSpacing: '-0.01em' }}>
                  Gatehouse
                </Text>
              </Group>
            </a>
            {!status.isError || status.data ? (
              <>
                <Divider
                  orientation="vertical"
                  h={26}
                  style={{ alignSelf: 'center' }}
                  visibleFrom="xs"
                />
                <OrgLabel status={status} />
              </>
            ) : null}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <HeaderControls />
            <ServerIndicator status={status} />
            <Tooltip label="Keyboard shortcuts (?)">
              <ActionIcon
                variant="default"
                size="lg"
                onClick={help.open}
                aria-label="Keyboard shortcuts"
              >
                <IconKeyboard size={19} stroke={1.7} />
              </ActionIcon>
            </Tooltip>
            <ColorSchemeToggle />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Views">
        <AppShell.Section grow component={ScrollArea} type="never">
          <div>
            {VIEWS.filter((view) => view.group !== 'app').map((view, index, list) => (
              <NavItem
                key={view.id}
                view={view}
                active={current?.id === view.id}
                heading={
                  index === 0 || list[index - 1]?.group !== view.group
                    ? GROUP_LABELS[view.group]
                    : null
                }
                onNavigate={nav.close}
              />
            ))}
          </div>
        </AppShell.Section>
        <AppShell.Section>
          <Divider mb="sm" />
          {VIEWS.filter((view) => view.group === 'app').map((view) => (
            <NavItem
              key={view.id}
              view={view}
              active={current?.id === view.id}
              heading={null}
              onNavigate={nav.close}
            />
          ))}
          <Text size="xs" c="dimmed" px="sm" pt="xs" lh={1.6}>
            {status.data ? `Gatehouse ${status.data.version}` : 'Gatehouse'}
            <br />
            Press <kbd className="gh-inline-kbd">?</kbd> for shortcuts
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main className="gh-shell-main">
        <Box id="gh-main" px={{ base: 'md', sm: 'xl' }} py="xl" maw={1240}>
          <ViewOutlet view={current?.id ?? null} requested={route.view} />
        </Box>
      </AppShell.Main>

      <ShortcutsModal opened={helpOpened} onClose={help.close} />
    </AppShell>
  )
}

function NavItem({
  view,
  active,
  heading,
  onNavigate,
}: {
  view: ViewDef
  active: boolean
  heading: string | null
  onNavigate: () => void
}) {
  const ViewIcon = view.icon
  return (
    <>
      {heading && <div className="gh-nav-section-label">{heading}</div>}
      <Tooltip
        label={<ShortcutKeys view={view} />}
        position="right"
        offset={14}
        events={{ hover: true, focus: true, touch: false }}
        color="dark"
      >
        <NavLink
          component="a"
          href={hrefFor(view.id)}
          label={view.label}
          leftSection={<ViewIcon size={20} stroke={1.7} />}
          active={active}
          aria-current={active ? 'page' : undefined}
          className="gh-nav-link"
          data-view={view.id}
          onClick={onNavigate}
          py={9}
          mb={2}
        />
      </Tooltip>
    </>
  )
}

function OrgLabel({ status }: { status: ReturnType<typeof useStatus> }) {
  if (status.isPending) return <Skeleton h={20} w={160} visibleFrom="xs" />
  if (!status.data) return null
  const { org } = status.data
  return (
    <Group gap="xs" wrap="nowrap" visibleFrom="xs" style={{ minWidth: 0 }}>
      <Text fw={600} truncate="end" data-testid="header-org-name" title={`Org ${org.id}`}>
        {org.name}
      </Text>
      <Badge variant="default" size="md" radius="sm" style={{ flex: 'none' }}>
        {org.edition}
      </Badge>
    </Group>
  )
}
