/**
 * The hostile corpus, in one place: payloads that try to run script, load from the network, read
 * files, navigate, inject markup or diagram syntax, mention people or spoof the UI, each placed in
 * every string position of the language.
 *
 * The positions come from the grammar (every assignment of a STRING, and every keyword of a
 * `kind=(…)` choice beside one), so hostile-corpus.test.ts fails when the grammar gains a string
 * the map below does not place. The map is written to test/fixtures/hostile/every-position.cjm
 * (UPDATE_GOLDEN=1 rewrites it); the preview, render, Markdown and SVG tests read that file.
 *
 * Each payload has a slot (§) that is filled with the occurrence's code (`p4-does`), so every
 * string of the map is unique: a test can say which position leaked, a dialog names it, and a
 * position an output does not draw can be shown to be absent from it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AstUtils, GrammarAST } from 'langium';
import { CjmGrammar } from '../../packages/language/src/generated/grammar.js';
import { MERMAID_LOOKALIKES, WORD_JOINER } from '../../packages/language/src/render/escape.js';

/** The origin the payloads load from; tests that watch the network swap in a live server's. */
export const BEACON = 'http://cjm-beacon.invalid';

/** The generated fixture, relative to test/fixtures. */
export const EVERY_POSITION_FIXTURE = 'hostile/every-position.cjm';

/** What each payload tries; `§` is replaced by the occurrence's code, BEACON by the beacon origin. */
export const PAYLOADS: ReadonlyArray<{ name: string; text: string }> = [
    {
        name: 'script after closing tags of every context',
        text: '</td></tr></table></div></foreignObject></svg></textarea></style></title></option></select><script>window.__pwned="§";alert("§")</script>'
    },
    {
        name: 'event handlers',
        text: '<img src=x onerror="window.__pwned=\'§\';alert(\'§\')"><svg onload="alert(\'§\')"><details open ontoggle="alert(\'§\')"><body onload=alert(1)>'
    },
    {
        name: 'attribute breakout and javascript: links',
        text: '" onmouseover="alert(\'§\')" x=\' onfocus=\'alert(1)\' autofocus \'"><a href="javascript:alert(\'§\')">click §</a><iframe srcdoc="<script>alert(\'§\')</script>"></iframe>'
    },
    {
        name: 'network, files, navigation and a fake UI',
        text: `<img src="${BEACON}/img/§"><link rel="stylesheet" href="${BEACON}/css/§"><script src="${BEACON}/js/§"></script>`
            + '<iframe src="file:///etc/passwd?§"></iframe><meta http-equiv="refresh" content="0;url=' + BEACON + '/nav/§">'
            + `<style>@import url("${BEACON}/import/§");*{display:none}</style>`
            + `<div style="position:fixed;inset:0;background:url('${BEACON}/bg/§')">Session expired: sign in again</div>`
            + `<form action="${BEACON}/form/§"><input name=q value=§><button>Continue</button></form>`
    },
    {
        name: 'inline Markdown, ending in a backslash',
        text: `![pixel](${BEACON}/md/§.png) [click](javascript:alert('§')) <${BEACON}/autolink/§> **bold** _em_ ~~del~~ \`code\` | cell | &lt;b&gt;§&#60;i&#62; trailing \\`
    },
    {
        name: 'Markdown blocks, one per line',
        text: `# heading §\n- item\n+ item\n* item\n> quote\n1. one\n2) two\n===\n---\n    indented\n| a | b |\n|---|---|\n\`\`\`\nfence\n\`\`\`\n<div>block</div>\n[ref]: ${BEACON}/ref/§`
    },
    {
        name: 'a Mermaid directive',
        text: `%%{init: {"securityLevel": "loose", "htmlLabels": true, "flowchart": {"htmlLabels": true}, "themeCSS": "* { background: url(${BEACON}/theme/§) }"}}%% §`
    },
    {
        name: 'Mermaid journey statements and separators',
        text: 'section §: a; b #c\ntitle x\naccTitle: y\n    task: 5: actor'
    },
    {
        name: 'Mermaid flowchart breakout',
        text: '"] --> X["§"]; click tp_h1-first call alert("§"); style stage_h1-stage fill:#f00; classDef c fill:red; end\nsubgraph y\ndirection TB\n"| tp_a --> tp_b |"'
    },
    {
        name: 'a Markdown string and entity codes',
        text: '`**§**` #quot; #58; #59; #35; #44; #lt;b#gt; &lt;b&gt; &amp;lt; &#x3C;script&#x3E;alert(\'§\')&#x3C;/script&#x3E;'
    },
    {
        name: 'mentions, references, bidi and invisible characters, look-alikes, indentation',
        text: '    @acme/security §, see #12 and @everyone \u202Egnp.exe\u202C \u200B\u2060 \u2236\uFF1B\uFF03\uFF02\uFF1C\uFF1E\uFF06\u201A \u{1F600} e\u0301 tab\there a\u2028b\u2029c'
    }
];

/** A place in the language where the author writes a string: `Rule.feature`, or `Rule.feature:kind` for a property whose keyword picks its kind. */
export interface StringPosition {
    key: string;
    rule: string;
    feature: string;
    kind?: string;
}

/** Every string position of the grammar: each STRING assignment, split by the keywords of its rule's `kind`. */
export function grammarStringPositions(): StringPosition[] {
    const positions: StringPosition[] = [];
    for (const rule of CjmGrammar().rules.filter(GrammarAST.isParserRule)) {
        const kind = AstUtils.streamAllContents(rule).filter(GrammarAST.isAssignment).find(a => a.feature === 'kind');
        const kinds = kind ? AstUtils.streamAllContents(kind).filter(GrammarAST.isKeyword).map(k => k.value).toArray() : [];
        for (const assignment of AstUtils.streamAllContents(rule).filter(GrammarAST.isAssignment)) {
            if (!GrammarAST.isRuleCall(assignment.terminal) || assignment.terminal.rule.ref?.name !== 'STRING') {
                continue;
            }
            const base = { rule: rule.name, feature: assignment.feature };
            positions.push(...(kinds.length > 0
                ? kinds.map(k => ({ ...base, kind: k, key: `${rule.name}.${assignment.feature}:${k}` }))
                : [{ ...base, key: `${rule.name}.${assignment.feature}` }]));
        }
    }
    return positions;
}

/**
 * The occurrences of one payload in the map: a string position, and where a position is drawn in
 * more than one way (a metric of a journey, a stage or a touchpoint), each of those places.
 */
export const OCCURRENCES = [
    'persona-title', 'persona-role', 'persona-location', 'persona-goal', 'persona-need', 'persona-frustration', 'persona-motivation',
    'persona-behavior', 'persona-quote', 'persona-segment', 'persona-validated',
    'channel-title', 'team-title', 'source-title',
    'journey-title', 'description', 'stage-title', 'expectation', 'touchpoint-title',
    'does', 'thinks', 'wants', 'obstacle', 'gap', 'observed', 'tool', 'unknown', 'asks', 'frontstage', 'backstage', 'artifact',
    'pain-text', 'pain-source', 'opportunity-text', 'outcome', 'scenario-title',
    'metric-title-journey', 'metric-period-journey', 'metric-title-stage', 'metric-period-stage', 'metric-title-touchpoint', 'metric-period-touchpoint'
] as const;
export type Occurrence = (typeof OCCURRENCES)[number];

/**
 * Where each output draws user text, by surface: the three Mermaid diagrams, the journey grid, the
 * journey picker of the preview, the prose of the HTML page and of the Markdown (headings,
 * descriptions, persona lists, the Markdown grid and metrics tables), and the editor's hover cards. An occurrence not listed for
 * a surface must not appear there at all, so drawing a new field fails until it is listed (and so
 * checked to be literal).
 */
export const SHOWN_ON: Record<'journey' | 'emotion' | 'flow' | 'blueprint' | 'grid' | 'picker' | 'htmlProse' | 'markdownProse' | 'hover', readonly Occurrence[]> = {
    journey: ['journey-title', 'stage-title', 'touchpoint-title'],
    // The persona's title names its line (`feels … for`) in the curve's title.
    emotion: ['touchpoint-title', 'persona-title'],
    flow: ['stage-title', 'touchpoint-title', 'scenario-title'],
    // The first touchpoint has `does`, so its title is not an action.
    blueprint: ['persona-title', 'stage-title', 'does', 'artifact', 'frontstage', 'backstage', 'tool'],
    grid: [
        'stage-title', 'expectation', 'touchpoint-title', 'does', 'thinks', 'asks', 'pain-text', 'pain-source', 'opportunity-text', 'outcome',
        'artifact', 'frontstage', 'backstage', 'tool',
        'metric-title-stage', 'metric-period-stage', 'metric-title-touchpoint', 'metric-period-touchpoint'
    ],
    picker: ['journey-title'],
    htmlProse: ['journey-title', 'description', 'persona-title', 'persona-role'],
    markdownProse: [
        'journey-title', 'description', 'persona-title', 'persona-role', 'stage-title', 'expectation', 'touchpoint-title', 'does', 'thinks',
        'asks', 'artifact', 'frontstage', 'backstage', 'tool',
        'pain-text', 'pain-source', 'opportunity-text', 'outcome', 'metric-title-journey', 'metric-period-journey', 'metric-title-stage',
        'metric-period-stage', 'metric-title-touchpoint', 'metric-period-touchpoint'
    ],
    // The editor's hover cards (over declarations and references): persona cards, titles, the owner's title on a touchpoint.
    hover: [
        'persona-title', 'persona-role', 'persona-location', 'persona-goal', 'persona-need', 'persona-frustration', 'persona-motivation',
        'persona-behavior', 'persona-quote', 'persona-segment', 'persona-validated',
        'channel-title', 'team-title', 'source-title', 'journey-title', 'stage-title', 'touchpoint-title', 'scenario-title',
        'metric-title-journey', 'metric-period-journey', 'metric-title-stage', 'metric-period-stage', 'metric-title-touchpoint', 'metric-period-touchpoint'
    ]
};

/** The surfaces of each output. */
export const OUTPUT_SURFACES = {
    preview: ['journey', 'emotion', 'flow', 'blueprint', 'grid', 'picker'],
    html: ['journey', 'emotion', 'flow', 'blueprint', 'grid', 'htmlProse'],
    markdown: ['journey', 'emotion', 'flow', 'blueprint', 'markdownProse'],
    svg: ['journey', 'emotion', 'flow', 'blueprint']
} as const satisfies Record<string, ReadonlyArray<keyof typeof SHOWN_ON>>;

/** The occurrences an output shows somewhere, and those it must not show at all. */
export function shownBy(output: keyof typeof OUTPUT_SURFACES): { shown: Occurrence[]; absent: Occurrence[] } {
    const shown = new Set<Occurrence>(OUTPUT_SURFACES[output].flatMap(surface => SHOWN_ON[surface]));
    return { shown: OCCURRENCES.filter(o => shown.has(o)), absent: OCCURRENCES.filter(o => !shown.has(o)) };
}

/** One string of the map: which payload, which occurrence, and the text as the author wrote it (after CJM's escapes). */
export interface HostileString {
    payload: number;
    occurrence: Occurrence;
    /** `p4-does`: unique in the map, and unchanged by every escaper (letters, digits and `-`). */
    code: string;
    text: string;
}

/** The id of the journey that carries payload `payload` (1-based), and the prefix of its other ids. */
export function journeyId(payload: number): string {
    return `h${payload}`;
}

/** Every string of the map, payload by payload. */
export function hostileStrings(beacon = BEACON): HostileString[] {
    return PAYLOADS.flatMap((payload, i) => OCCURRENCES.map(occurrence => {
        const code = `p${i + 1}-${occurrence}`;
        return { payload: i + 1, occurrence, code, text: payload.text.replaceAll(BEACON, beacon).replaceAll('§', code) };
    }));
}

/** A CJM string literal: `\\`, `\"` and `\n` are CJM's escapes; every other character is written as it is. */
export function cjmString(text: string): string {
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** The hostile map: per payload a persona, channel, team and source, and a journey with every string position. */
export function hostileMapText(beacon = BEACON): string {
    const strings = hostileStrings(beacon);
    const blocks = PAYLOADS.map((payload, i) => {
        const n = i + 1;
        const id = journeyId(n);
        const s = (occurrence: Occurrence) => cjmString(strings.find(x => x.payload === n && x.occurrence === occurrence)!.text);
        const personaFields = (['role', 'location', 'goal', 'need', 'frustration', 'motivation', 'behavior', 'quote', 'segment', 'validated'] as const)
            .map(kind => `  ${kind} ${s(`persona-${kind}`)}`);
        const texts = (['does', 'thinks', 'wants', 'obstacle', 'gap', 'observed', 'tool', 'unknown', 'asks', 'frontstage', 'backstage', 'artifact'] as const).map(kind => `      ${kind} ${s(kind)}`);
        return [
            `// Payload p${n}: ${payload.name}.`,
            `persona ${id}-persona ${s('persona-title')} {`,
            ...personaFields,
            '  age 35',
            '}',
            `channel ${id}-channel ${s('channel-title')}`,
            `team ${id}-team ${s('team-title')}`,
            `source ${id}-source ${s('source-title')}`,
            '',
            `journey ${id} ${s('journey-title')} {`,
            `  persona ${id}-persona`,
            `  description ${s('description')}`,
            `  stage ${id}-stage ${s('stage-title')} {`,
            `    expectation ${s('expectation')}`,
            `    touchpoint ${id}-first ${s('touchpoint-title')} {`,
            `      channel ${id}-channel`,
            ...texts,
            '      feels frustrated',
            '      expected happy',
            `      pain ${s('pain-text')} source ${s('pain-source')} severity high`,
            `      opportunity ${s('opportunity-text')} {`,
            `        outcome ${s('outcome')}`,
            `        owner ${id}-team`,
            '        status idea',
            '      }',
            `      owner ${id}-team`,
            `      metric ${id}-touchpoint-metric ${s('metric-title-touchpoint')} { type conversion value 2.1% target 3% period ${s('metric-period-touchpoint')} }`,
            '    }',
            // Untitled: every string of the map is a corpus string.
            `    touchpoint ${id}-second {`,
            `      channel ${id}-channel`,
            '      feels 1',
            `      feels 2 for ${id}-persona`,
            `      owner ${id}-team`,
            '    }',
            `    metric ${id}-stage-metric ${s('metric-title-stage')} { type csat value 4.2 period ${s('metric-period-stage')} }`,
            '  }',
            `  scenario ${id}-path ${s('scenario-title')} {`,
            `    path ${id}-first -> ${id}-second`,
            '  }',
            `  metric ${id}-journey-metric ${s('metric-title-journey')} { type churn start 200 lost 30 period ${s('metric-period-journey')} }`,
            '}'
        ].join('\n');
    });
    return [
        `// Generated by test/support/hostile-corpus.ts (UPDATE_GOLDEN=1 rewrites it): every payload`,
        `// of the hostile corpus in every string position. Every output must show each string literally and run none of it.`,
        '',
        blocks.join('\n\n'),
        ''
    ].join('\n');
}

/** The map with the beacon origin swapped for a live one (the fixture is written with BEACON). */
export function withBeacon(mapText: string, origin: string): string {
    return mapText.replaceAll(BEACON, origin);
}

/** A local HTTP server that records every request: any hit means a drawing reached the network. */
export interface Beacon {
    origin: string;
    /** The paths requested so far. */
    hits: string[];
    close(): Promise<void>;
}

/** Starts a beacon on 127.0.0.1 (a free port); it answers every request with an empty 204. */
export async function startBeacon(): Promise<Beacon> {
    const hits: string[] = [];
    const server = createServer((request, response) => {
        hits.push(`${request.method} ${request.url}`);
        response.writeHead(204, { 'access-control-allow-origin': '*' }).end();
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
        origin: `http://127.0.0.1:${port}`,
        hits,
        close: () => new Promise(resolve => {
            server.closeAllConnections();
            server.close(() => resolve());
        })
    };
}

const FROM_LOOKALIKE = new Map(Object.entries(MERMAID_LOOKALIKES).map(([ascii, lookalike]) => [lookalike, ascii]));

/**
 * Text as a reader reads it: Mermaid's look-alikes (escape.ts) as the characters they stand for,
 * no word joiners (invisible), and no whitespace (layout: Mermaid wraps text into lines, Mermaid text
 * and Markdown cells hold no line breaks). Applied to both the source and the drawing, so an
 * author's own look-alike reads the same as an escaped character.
 */
export function asRead(text: string): string {
    return [...text.replaceAll(WORD_JOINER, '')].map(c => FROM_LOOKALIKE.get(c) ?? c).join('').replace(/\s+/g, '');
}

/** The strings an output should show that `drawn` (read with asRead) lacks, and the codes of absent strings it holds. */
export function literalProblems(drawn: string, strings: HostileString[], shown: readonly Occurrence[], absent: readonly Occurrence[]): string[] {
    const read = asRead(drawn);
    return [
        ...strings.filter(s => shown.includes(s.occurrence) && !read.includes(asRead(s.text))).map(s => `not shown literally: ${s.code} ${JSON.stringify(s.text)}`),
        ...strings.filter(s => absent.includes(s.occurrence) && drawn.includes(s.code)).map(s => `drawn although not listed in SHOWN_ON: ${s.code}`)
    ];
}

/** What a preview page drew, read inside the page (pass it to Playwright's `evaluate`: it uses nothing from outside). */
export interface DrawnPreview {
    journey: string;
    emotion: string;
    flow: string;
    blueprint: string;
    grid: string;
    picker: string;
    page: string;
    /** Elements a map could have injected into a canvas (Mermaid's own SVG styles aside). */
    injected: string[];
    /** Event-handler or javascript: attributes anywhere in the diagrams. */
    handlers: string[];
    /** Markup other than Mermaid's own div/span/p inside flowchart labels. */
    labelMarkup: number;
    pwned: unknown;
}

export function readDrawnPreview(): DrawnPreview {
    // Leaf text only: a <text> holding <tspan>s would count its words twice.
    const svgText = (selector: string) =>
        Array.from(document.querySelectorAll(`${selector} svg :is(text, tspan, foreignObject)`))
            .filter((e) => !e.querySelector('tspan') && !e.parentElement?.closest('foreignObject'))
            .map((e) => e.textContent ?? '')
            .join('\n');
    return {
        journey: svgText('.cjm-diagram-journey'),
        emotion: svgText('.cjm-diagram-emotion'),
        flow: svgText('.cjm-diagram-flow'),
        blueprint: svgText('.cjm-diagram-blueprint'),
        grid: document.querySelector('.cjm-diagram-grid .cjm-canvas')?.textContent ?? '',
        picker: Array.from(document.querySelectorAll('select.cjm-journey-picker option'), (option) => option.textContent).join('\n'),
        page: document.documentElement.outerHTML,
        injected: Array.from(document.querySelectorAll('.cjm-diagrams .cjm-canvas :is(script, iframe, img, object, embed, form, input, button, link, meta, style, a, details, textarea)'))
            .filter((e) => !(e.localName === 'style' && e.closest('svg')))
            .map((e) => e.outerHTML.slice(0, 100)),
        handlers: Array.from(document.querySelectorAll('.cjm-diagrams *')).flatMap((e) =>
            Array.from(e.attributes).filter((a) => /^on/i.test(a.name) || /javascript:/i.test(a.value)).map((a) => `${e.localName} ${a.name}`)
        ),
        labelMarkup: Array.from(document.querySelectorAll('.cjm-diagrams svg foreignObject *')).filter((e) => !['div', 'span', 'p'].includes(e.localName)).length,
        pwned: (window as unknown as { __pwned?: unknown }).__pwned
    };
}
