import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isPersona } from '@cjm/language';
import { createNodeCjmWorkspace } from '@cjm/language/node';
import { EXIT, UsageError } from '../io/cli-error.js';
import { displayPath } from '../io/paths.js';
import { readTextInput } from '../io/read-input.js';
import { assertWritableTarget, writeOutputAtomically } from '../io/write-output.js';
import { declaredNamesAround } from '../io/workspace-names.js';
import { identifierFor, quote, slugify } from '../text/identifier.js';

interface TemplateStage {
    id: string;
    title: string;
    touchpoint: { id: string; title: string; does: string; blueprint?: Blueprint };
}

/** A touchpoint's service blueprint lines (§8.1), to start the blueprint from. */
interface Blueprint {
    artifact: string;
    frontstage: string;
    backstage: string;
    tool: string;
}

/** The spec's stage sets, each stage with one touchpoint to start from. */
export const TEMPLATES: Readonly<Record<string, readonly TemplateStage[]>> = {
    'five-stage': [
        { id: 'awareness', title: 'Awareness', touchpoint: { id: 'discover', title: 'Discovers us', does: 'How the customer first hears of us' } },
        { id: 'consideration', title: 'Consideration', touchpoint: { id: 'compare', title: 'Compares options', does: 'What the customer weighs up' } },
        { id: 'acquisition', title: 'Acquisition', touchpoint: { id: 'buy', title: 'Buys', does: 'How the customer buys' } },
        { id: 'service', title: 'Service', touchpoint: { id: 'get-help', title: 'Gets help', does: 'How the customer gets help' } },
        { id: 'loyalty', title: 'Loyalty', touchpoint: { id: 'come-back', title: 'Comes back', does: 'What brings the customer back' } }
    ],
    funnel: [
        { id: 'awareness', title: 'Awareness', touchpoint: { id: 'notice', title: 'Notices the product', does: 'Where the customer first sees the product' } },
        { id: 'research', title: 'Research', touchpoint: { id: 'research-options', title: 'Researches options', does: 'What the customer reads and compares' } },
        { id: 'purchase', title: 'Purchase', touchpoint: { id: 'buy', title: 'Buys', does: 'How the customer pays' } },
        { id: 'unboxing', title: 'Unboxing', touchpoint: { id: 'unbox', title: 'Unboxes', does: 'What the customer finds in the box' } },
        { id: 'use', title: 'Use', touchpoint: { id: 'first-use', title: 'Uses it for the first time', does: 'What the customer does first' } },
        { id: 'share', title: 'Share', touchpoint: { id: 'recommend', title: 'Tells others', does: 'How the customer shares the experience' } }
    ],
    service: [
        {
            id: 'pre-purchase', title: 'Pre-purchase', touchpoint: {
                id: 'explore', title: 'Explores the service', does: 'How the customer learns what we offer',
                blueprint: { artifact: 'What the customer sees or takes away (a page, a brochure)', frontstage: 'What our staff or interface show the customer', backstage: 'What the team prepares out of sight', tool: 'The system or process behind it' }
            }
        },
        {
            id: 'purchase', title: 'Purchase', touchpoint: {
                id: 'sign-up', title: 'Signs up', does: 'How the customer signs up and pays',
                blueprint: { artifact: 'The confirmation the customer receives', frontstage: 'Who or what takes the order in view of the customer', backstage: 'What happens to the order behind the scenes', tool: 'The system that records it' }
            }
        },
        {
            id: 'post-purchase', title: 'Post-purchase', touchpoint: {
                id: 'follow-up', title: 'Gets support after buying', does: 'How the customer gets help once a customer',
                blueprint: { artifact: 'What the customer gets back (an answer, a fix)', frontstage: 'Who answers the customer', backstage: 'Who solves the problem behind the line of visibility', tool: 'The support process or tool' }
            }
        }
    ]
};

const EXAMPLE_PERSONA = 'customer';

const EXAMPLE_PERSONA_DECLARATION = `persona ${EXAMPLE_PERSONA} "Example customer" {
  role "Who this customer is"
  goal "What they want to get done"
  frustration "What gets in their way"
}`;

const PERSONA_LIBRARY = `// personas.cjm — the persona library every map in this folder shares.
// Replace the example with personas validated with real customers.

${EXAMPLE_PERSONA_DECLARATION}
`;

export interface NewOptions {
    template: string;
    dir: string;
    root?: string;
}

/**
 * `cjm new NAME`: writes NAME.cjm from a template, plus a persona library personas.cjm when the
 * folder has none. Refuses to overwrite anything.
 */
export async function runNew(name: string, options: NewOptions): Promise<number> {
    const stages = TEMPLATES[options.template];
    if (!stages) {
        throw new UsageError(`unknown template ${options.template}; use one of ${Object.keys(TEMPLATES).join(', ')}`);
    }
    const slug = slugify(name);
    if (!slug) {
        throw new UsageError(`${JSON.stringify(name)} gives no usable journey name; use letters, digits, - or _`);
    }
    const id = identifierFor(name, 'journey', slug);
    const dir = resolve(options.dir);
    const mapPath = join(dir, `${slug}.cjm`);
    const personasPath = join(dir, 'personas.cjm');
    if (await exists(mapPath)) {
        throw new UsageError(`${displayPath(mapPath)} already exists; not overwriting it`);
    }
    await assertWritableTarget(mapPath);
    const { persona, declareInMap, writeLibrary } = await choosePersona(dir, personasPath, options.root);
    const mapText = journeyText(`${slug}.cjm`, id, titleOf(name), persona, stages, declareInMap);
    await writeOutputAtomically(mapPath, mapText);
    const written = [mapPath];
    if (writeLibrary) {
        await writeOutputAtomically(personasPath, PERSONA_LIBRARY);
        written.push(personasPath);
    }
    process.stdout.write(written.map(path => `created ${displayPath(path)}\n`).join(''));
    return EXIT.ok;
}

/**
 * Whose journey the new map is: the first persona of the folder's personas.cjm; else a `customer`
 * the workspace already declares; else the example `customer`, in a new personas.cjm when the
 * folder has none, or in the map itself when its personas.cjm declares no persona.
 */
async function choosePersona(dir: string, personasPath: string, root: string | undefined): Promise<{ persona: string; declareInMap: boolean; writeLibrary: boolean }> {
    const hasLibrary = await exists(personasPath);
    const first = hasLibrary ? await firstPersonaIn(personasPath) : undefined;
    if (first) {
        return { persona: first, declareInMap: false, writeLibrary: false };
    }
    if ((await declaredNamesAround(dir, [], root)).personas.has(EXAMPLE_PERSONA)) {
        return { persona: EXAMPLE_PERSONA, declareInMap: false, writeLibrary: false };
    }
    return { persona: EXAMPLE_PERSONA, declareInMap: hasLibrary, writeLibrary: !hasLibrary };
}

function journeyText(fileName: string, id: string, title: string, persona: string, stages: readonly TemplateStage[], declarePersona: boolean): string {
    const body = stages.map(stage => [
        `  stage ${stage.id} ${quote(stage.title)} {`,
        `    touchpoint ${stage.touchpoint.id} ${quote(stage.touchpoint.title)} {`,
        `      does ${quote(stage.touchpoint.does)}`,
        ...blueprintLines(stage.touchpoint.blueprint),
        '    }',
        '  }'
    ].join('\n'));
    const declaration = declarePersona
        ? ['// personas.cjm declares no persona yet: move this one there once it describes a real customer.', EXAMPLE_PERSONA_DECLARATION, '']
        : [];
    return [
        `// ${fileName} — add channels, feels, pain points and owners as you learn them (see docs/cli.md).`,
        '',
        ...declaration,
        `journey ${id} ${quote(title)} {`,
        `  persona ${persona}`,
        '',
        body.join('\n\n'),
        '}',
        ''
    ].join('\n');
}

function blueprintLines(blueprint: Blueprint | undefined): string[] {
    return blueprint ? (['artifact', 'frontstage', 'backstage', 'tool'] as const).map(kind => `      ${kind} ${quote(blueprint[kind])}`) : [];
}

/** The first persona an existing library declares, so the new map links to it instead of a missing name. */
async function firstPersonaIn(path: string): Promise<string | undefined> {
    const workspace = createNodeCjmWorkspace();
    const [document] = await workspace.load([{ uri: path, text: await readTextInput(path) }]);
    return document.parseResult.value.elements.find(isPersona)?.name;
}

function titleOf(name: string): string {
    const words = name.replace(/[-_]+/g, ' ').trim();
    return words.charAt(0).toUpperCase() + words.slice(1);
}

async function exists(path: string): Promise<boolean> {
    return access(path).then(() => true, () => false);
}
