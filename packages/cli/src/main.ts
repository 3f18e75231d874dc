import { PAGE_SIZES } from '@cjm/language/node';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CHECK_FORMATS, runCheck, type CheckOptions } from './commands/check.js';
import { runDiffFiles, runDiffGit, type DiffOptions } from './commands/diff.js';
import { DEFAULT_MAX_LENGTH, GITHUB_COMMENT_LIMIT } from './diff/comment-limit.js';
import { runFmt } from './commands/fmt.js';
import { runImport } from './commands/import.js';
import { DIAGRAMS, RENDER_FORMATS, runRender, type RenderOptions } from './commands/render.js';
import { runNew, TEMPLATES } from './commands/new.js';
import { REPORT_FORMATS, runReport, type ReportOptions } from './commands/report.js';
import { todayFromEnvironment, TODAY_VARIABLE } from '@cjm/language';
import { HISTORY_FORMATS, runHistory, type HistoryOptions } from './commands/history.js';
import { EXIT, FindingsError, UsageError } from './io/cli-error.js';
import { CLI_VERSION } from './version.js';

/** The `cjm` command line: parses argv, runs one command and returns its exit code (0 ok, 1 findings, 2 usage or input error). */
export async function main(argv: string[]): Promise<number> {
    let exitCode: number = EXIT.ok;
    const program = createProgram(code => { exitCode = code; });
    if (argv.length === 0) {
        // No command is a usage error (as for git): the help goes to stderr, so a script's output stays clean.
        program.outputHelp({ error: true });
        return EXIT.usage;
    }
    try {
        const setToday = todayFromEnvironment();
        if ('invalid' in setToday) {
            throw new UsageError(`${TODAY_VARIABLE} must be a date written YYYY-MM-DD (it sets today for stale checks), not '${setToday.invalid}'`);
        }
        await program.parseAsync(argv, { from: 'user' });
        return exitCode;
    } catch (error) {
        return reportFailure(error);
    }
}

function createProgram(setExitCode: (code: number) => void): Command {
    const program = new Command('cjm')
        .description('Customer journey maps as code: check, format, create, import, diff, render, report on and follow the history of .cjm files.')
        .version(CLI_VERSION, '-v, --version')
        .helpCommand(false)
        .showSuggestionAfterError(true);
    configure(program);

    configure(program.command('check'))
        .description('Report diagnostics of .cjm files (the workspace around them is loaded so cross-file references resolve).')
        .argument('[paths...]', 'files, folders or glob patterns (default: the current folder); - reads standard input')
        .addOption(new Option('-f, --format <format>', 'output format').choices(CHECK_FORMATS).default('pretty'))
        .option('--max-warnings <n>', 'exit 1 when there are more than n warnings (-1: no limit)', parseWarningLimit)
        .option('-q, --quiet', 'report errors only; warnings are neither shown nor counted (like ESLint)')
        .option('--stdin-filename <path>', 'with `-` for standard input: the file it stands for (its workspace, its name in the report)')
        .option(...ROOT_OPTION)
        .option(...NO_IGNORE_OPTION)
        .action(async (paths: string[], options: CheckOptions) => {
            setExitCode(await runCheck(paths, options));
        });

    configure(program.command('fmt'))
        .description('Format .cjm files in the canonical layout (rewritten atomically).')
        .argument('[paths...]', 'files, folders or glob patterns (default: the current folder)')
        .option('--check', 'list files that are not formatted and exit 1, writing nothing')
        .option(...ROOT_OPTION)
        .option(...NO_IGNORE_OPTION)
        .action(async (paths: string[], options: { check?: boolean; root?: string; ignore: boolean }) => {
            setExitCode(await runFmt(paths, options));
        });

    configure(program.command('new'))
        .description('Create NAME.cjm from a template (and personas.cjm, the persona library, when the folder has none).')
        .argument('<name>', 'the journey name; the file is NAME.cjm')
        .addOption(new Option('-t, --template <template>', 'stage set').choices(Object.keys(TEMPLATES)).default('five-stage'))
        .option('-d, --dir <dir>', 'folder to write into', '.')
        .option(...ROOT_OPTION)
        .action(async (name: string, options: { template: string; dir: string; root?: string }) => {
            setExitCode(await runNew(name, options));
        });

    configure(program.command('import'))
        .description('Convert a Mermaid journey diagram (.mmd) to a .cjm map.')
        .argument('<file>', 'the Mermaid file')
        .option('-o, --output <file>', 'write the map here instead of standard output')
        .option(...ROOT_OPTION)
        .action(async (file: string, options: { output?: string; root?: string }) => {
            setExitCode(await runImport(file, options));
        });

    configure(program.command('diff'))
        .description('Semantic diff of journey maps as Markdown (for a pull-request comment): two files, or every changed .cjm file against a git revision.')
        .argument('[base]', 'the old version of the map')
        .argument('[head]', 'the new version of the map')
        .option('--git <ref>', 'compare every .cjm file changed since this git revision')
        .option('-o, --output <file>', 'write the Markdown here instead of standard output')
        .option('--max-length <n>', `cut the Markdown at n characters, saying so (0: no limit; GitHub comments hold ${GITHUB_COMMENT_LIMIT})`, parseLength, DEFAULT_MAX_LENGTH)
        .option(...ROOT_OPTION)
        .action(async (base: string | undefined, head: string | undefined, options: DiffOptions & { git?: string }) => {
            if (options.git !== undefined) {
                if (base !== undefined) {
                    throw new UsageError('give either --git REF or two files, not both');
                }
                setExitCode(await runDiffGit(options.git, options));
            } else if (base === undefined || head === undefined) {
                throw new UsageError('cjm diff needs two files (BASE HEAD) or --git REF');
            } else {
                setExitCode(await runDiffFiles(base, head, options));
            }
        });

    configure(program.command('render'))
        .description('Draw a map as Markdown, Mermaid, HTML, SVG, PNG or PDF (SVG, PNG and PDF use headless Chromium), or fill the cjm blocks of a Markdown file.')
        .argument('<file>', 'the .cjm file, or a Markdown file whose <!-- cjm: MAP.cjm#JOURNEY PARTS --> blocks to fill')
        .addOption(new Option('-f, --format <format>', 'output format').choices(RENDER_FORMATS).default('md'))
        .option('-j, --journey <id>', 'render only this journey')
        .addOption(new Option('--diagram <kind>', 'the diagram for mermaid and svg output').choices(DIAGRAMS).default('journey'))
        .option('-o, --output <file>', 'write here instead of standard output')
        .option('--check', 'exit 1 when the committed -o OUT (or a Markdown file\'s cjm blocks) differs from a fresh rendering; writes nothing')
        .option('--browser <path>', 'Chromium for svg, png and pdf (default: CJM_BROWSER, /usr/bin/chromium, chromium or google-chrome on PATH)')
        .addOption(new Option('--theme <theme>', 'page theme for html, svg, png and pdf').choices(['default', 'dark']).default('default'))
        .addOption(new Option('--page <size>', 'paper of pdf output, landscape (default: a3)').choices(PAGE_SIZES))
        .option(...ROOT_OPTION)
        .action(async (file: string, options: RenderOptions) => {
            setExitCode(await runRender(file, options));
        });

    configure(program.command('report'))
        .description('The workspace overview of .cjm files: journeys as a tree by subjourney, the opportunity portfolio, insights and metrics.')
        .argument('[paths...]', 'files, folders or glob patterns (default: the current folder)')
        .addOption(new Option('-f, --format <format>', 'output format').choices(REPORT_FORMATS).default('md'))
        .option('-o, --output <file>', 'write here instead of standard output (atomically)')
        .addOption(new Option('--theme <theme>', 'page theme for html').choices(['default', 'dark']).default('default'))
        .option(...ROOT_OPTION)
        .option(...NO_IGNORE_OPTION)
        .action(async (paths: string[], options: ReportOptions) => {
            setExitCode(await runReport(paths, options));
        });

    configure(program.command('history'))
        .description('The figures of a journey at each commit that changed it or what it links to, with charts of the emotion and of a metric (read from git, nothing checked out).')
        .argument('<file>', 'the .cjm file (as of HEAD) holding the journey')
        .addOption(new Option('-f, --format <format>', 'output format').choices(HISTORY_FORMATS).default('md'))
        .option('-j, --journey <id>', 'the journey (default: the file\'s first)')
        .option('--since <rev>', 'start at this git revision (its state is the first row)')
        .option('--metric <id>', 'the metric to chart (default: the journey\'s first)')
        .option('-o, --output <file>', 'write here instead of standard output')
        .option(...ROOT_OPTION)
        .action(async (file: string, options: HistoryOptions) => {
            setExitCode(await runHistory(file, options));
        });

    return program;
}

/** `--root DIR`: the workspace root instead of the repository around each file. */
const ROOT_OPTION = ['--root <dir>', 'workspace root: its .cjm files link together and its .cjmignore applies (default: the nearest folder holding .git)'] as const;
const NO_IGNORE_OPTION = ['--no-ignore', 'include the files .cjmignore excludes'] as const;

/** Applies what every command shares: errors reach main() instead of exiting, and print as one `cjm:` line. */
function configure(command: Command): Command {
    return command
        .exitOverride()
        .configureOutput({ outputError: (text, write) => write(`cjm: ${text.replace(/^error: /, '')}`) });
}

/** A warning limit as ESLint reads it: a whole number, where -1 means no limit. */
function parseWarningLimit(value: string): number {
    if (!/^(\d+|-1)$/.test(value)) {
        throw new InvalidArgumentError('expected a whole number of 0 or more, or -1 for no limit.');
    }
    return Number(value);
}

function parseLength(value: string): number {
    if (!/^\d+$/.test(value)) {
        throw new InvalidArgumentError('expected a whole number of characters (0: no limit).');
    }
    return Number(value);
}

/** Turns anything thrown into one line on stderr and an exit code; never a stack trace (unless CJM_DEBUG is set). */
function reportFailure(error: unknown): number {
    if (error instanceof CommanderError) {
        // Commander has already printed help, the version or its own error line.
        return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
        process.stderr.write(`cjm: ${error.message}\n`);
        return EXIT.usage;
    }
    if (error instanceof FindingsError) {
        process.stderr.write(`cjm: ${error.message}\n`);
        return EXIT.findings;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`cjm: unexpected error: ${message.split('\n')[0]}\n`);
    if (process.env.CJM_DEBUG && error instanceof Error) {
        process.stderr.write(`${error.stack}\n`);
    }
    return EXIT.usage;
}
