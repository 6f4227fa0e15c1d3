import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command, Option } from 'commander'
import { defaultDataDir, GATEHOUSE_VERSION } from '../core'
import { CliError, EXIT } from './errors'
import { parseClockOffset, parsePort, parsePositiveInteger } from './options'
import { serve, type ServeOptions } from './serve'
import { exportWorkspace, importWorkspace } from './export-import'
import { exportSfdxProject, importSfdxProject } from './sfdx'
import { parseRunOption, runFlow } from './runner/command'
import { readFileSync } from 'node:fs'
import { parseJobs, parseReporter, runTests } from './test'

/** out/cli/index.js sits beside out/renderer, the built workbench UI. */
function builtUiDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'renderer')
}

const print = (line: string) => process.stdout.write(line + '\n')

/** `--no-recorder` turns recording off; the limit options change its limits. */
function recorderOption(opts: {
  recorder?: boolean
  recorderMaxExchanges?: number
  recorderMaxBytes?: number
}): ServeOptions['recorder'] {
  if (opts.recorder === false) return false
  if (opts.recorderMaxExchanges === undefined && opts.recorderMaxBytes === undefined)
    return undefined
  return { maxExchanges: opts.recorderMaxExchanges, maxBytes: opts.recorderMaxBytes }
}

export function buildProgram(): Command {
  const program = new Command()
  program
    .name('gatehouse')
    .description(
      'Gatehouse: an offline Salesforce-style OAuth authorization server, REST API and flow debugger.',
    )
    .version(GATEHOUSE_VERSION)
    .showHelpAfterError()
    .addHelpText(
      'after',
      '\nExit codes: 0 ok · 1 failure (e.g. port in use; run: a step was refused) · 2 invalid input (e.g. a bad workspace file)',
    )

  program
    .command('serve')
    .description('run the emulated org and the workbench UI headless (open the printed UI address)')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--port <port>', 'port to listen on; 0 picks a free port', parsePort, 8787)
    .option('--data <dir>', 'folder holding the SQLite database', defaultDataDir())
    .option('--workspace <file>', 'load this workspace file into the database')
    .option('--reset', 'empty the database first (the demo workspace loads when no --workspace)')
    .option(
      '--clock-offset <offset>',
      'start the virtual clock ahead: seconds or +2h, -1d',
      parseClockOffset,
    )
    .option('--log', 'log requests to stderr (credentials redacted)')
    // Advanced, hidden from the help: the benchmarks measure the recorder's cost and fill it.
    .addOption(new Option('--no-recorder', 'do not record exchanges').hideHelp())
    .addOption(
      new Option('--recorder-max-exchanges <n>', 'keep at most n recorded exchanges')
        .argParser(parsePositiveInteger)
        .hideHelp(),
    )
    .addOption(
      new Option('--recorder-max-bytes <n>', 'keep at most about n bytes of recorded exchanges')
        .argParser(parsePositiveInteger)
        .hideHelp(),
    )
    .action(async (opts) => {
      await serve(
        {
          host: opts.host,
          port: opts.port,
          data: resolve(opts.data),
          workspace: opts.workspace ? resolve(opts.workspace) : undefined,
          reset: Boolean(opts.reset),
          clockOffset: opts.clockOffset,
          log: Boolean(opts.log),
          recorder: recorderOption(opts),
          uiDir: builtUiDir(),
        },
        print,
      )
    })

  program
    .command('export')
    .description(
      'print the workspace in the database as JSON, or write its apps as metadata (--sfdx)',
    )
    .option('--data <dir>', 'folder holding the SQLite database', defaultDataDir())
    .option('--redact', 'blank passwords and consumer secrets')
    .option('--sfdx <folder>', 'write the apps as Metadata API source files into this project')
    .option(
      '--with-secrets',
      'with --sfdx: also write consumer secrets (ECA global OAuth settings)',
    )
    .action((opts) => {
      if (opts.sfdx) {
        print(
          exportSfdxProject({
            folder: resolve(opts.sfdx),
            data: resolve(opts.data),
            withSecrets: Boolean(opts.withSecrets),
          }),
        )
        return
      }
      process.stdout.write(
        exportWorkspace({ data: resolve(opts.data), redact: Boolean(opts.redact) }),
      )
    })

  program
    .command('import')
    .description(
      'validate a workspace file and load it into the database (replacing what is there), or merge the apps of an SFDX project (--sfdx)',
    )
    .argument('[file]', 'workspace JSON file')
    .option('--data <dir>', 'folder holding the SQLite database', defaultDataDir())
    .option(
      '--sfdx <folder>',
      'read Connected App and External Client App metadata from this project and merge it in',
    )
    .option(
      '--no-create-missing',
      'with --sfdx: leave profiles and permission sets the workspace lacks out of the app policies instead of creating them',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 imported · 2 invalid input (the workspace file, or a metadata file: its path, line and element named; nothing changes)',
    )
    .action((file: string | undefined, opts) => {
      if (opts.sfdx) {
        if (file !== undefined) {
          throw new CliError(
            'give either a workspace file or --sfdx <folder>, not both',
            EXIT.invalidInput,
          )
        }
        print(
          importSfdxProject({
            folder: resolve(opts.sfdx),
            data: resolve(opts.data),
            createMissing: opts.createMissing !== false,
          }),
        )
        return
      }
      if (file === undefined) {
        throw new CliError('expected a workspace file or --sfdx <folder>', EXIT.invalidInput)
      }
      print(importWorkspace({ file: resolve(file), data: resolve(opts.data) }))
    })

  program
    .command('run')
    .description(
      'play an OAuth flow as the client, one exchange at a time, printing each request, answer and Why',
    )
    .argument(
      '<flow>',
      'web-server, user-agent, username-password, client-credentials, jwt-bearer, device, device-rfc8628, refresh, token-exchange, asset-token, revoke, introspect, userinfo, identity, rest-query',
    )
    .requiredOption('--app <name>', "the app's name or consumer key")
    .option('--user <username>', 'the user (flows with one; default: a user the app admits)')
    .option('--data <dir>', 'folder holding the SQLite database', defaultDataDir())
    .option('--url <url>', 'use a running Gatehouse (its base URL) instead of starting one')
    .option('--token <token>', 'the admin token of the running Gatehouse (with --url)')
    .option('--step', 'wait for Enter before each step')
    .option('--json', 'print only the run, as JSON, at the end')
    .option('--scope <scopes>', 'the scopes to ask for (default: every scope of the app)')
    .option('--deny', 'click Deny on the consent page')
    .option('--no-pkce', 'web-server: leave PKCE out (no code_challenge, no code_verifier)')
    .option('--private-key <file>', 'PKCS#8 PEM key to sign JWT bearer assertions with')
    .option(
      '--option <key=value>',
      'a flow option, repeatable (pkce=false, secret=false, via=web-server, soql=…)',
      (value: string, previous: Record<string, unknown>) => parseRunOption(value, previous),
      {},
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 the flow completed · 1 a step was refused · 2 invalid input (flow, app, user, option)',
    )
    .action(async (flow: string, opts) => {
      const options: Record<string, unknown> = { ...opts.option }
      if (opts.scope !== undefined) options.scope = opts.scope
      if (opts.deny) options.decision = 'deny'
      if (opts.pkce === false) options.pkce = false
      if (opts.privateKey) {
        try {
          options.privateKey = readFileSync(resolve(opts.privateKey), 'utf8')
        } catch (error) {
          throw new CliError(
            `--private-key: cannot read ${opts.privateKey} (${(error as Error).message})`,
            EXIT.invalidInput,
          )
        }
      }
      process.exitCode = await runFlow(
        {
          flow,
          app: opts.app,
          user: opts.user,
          data: resolve(opts.data),
          step: Boolean(opts.step),
          json: Boolean(opts.json),
          url: opts.url,
          token: opts.token,
          options,
        },
        print,
      )
    })

  program
    .command('test')
    .description(
      'run scenario files (a workspace, runner steps and expectations), each on its own engine, and report',
    )
    .argument('[paths...]', 'scenario files or directories (every *.json under them)')
    .option('--reporter <name>', 'spec, junit or json', parseReporter, 'spec')
    .option('--output <file>', 'write the report to this file (the spec summary still prints)')
    .option('--jobs <n>', 'scenarios run at the same time (default: number of cores)', parseJobs)
    .option('--bail', 'start no new scenario after the first failure')
    .addHelpText(
      'after',
      '\nExit codes: 0 every scenario passed · 1 a scenario failed · 2 a file invalid or unreadable (its JSON path named; nothing runs)',
    )
    .action(async (paths: string[], opts) => {
      process.exitCode = await runTests(
        {
          paths,
          reporter: opts.reporter,
          output: opts.output,
          jobs: opts.jobs,
          bail: Boolean(opts.bail),
        },
        (text) => process.stdout.write(text),
        (text) => process.stderr.write(text),
      )
    })

  return program
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv)
    // A command may have set its own code (`run`: 1 when the flow was refused).
    process.exitCode ??= EXIT.ok
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`gatehouse: ${err.message}\n`)
      process.exitCode = err.exitCode
      return
    }
    process.stderr.write(`gatehouse: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exitCode = EXIT.failure
  }
}
