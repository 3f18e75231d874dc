import { Window } from 'happy-dom';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { gridHtml, gridMarkdown } from '../../src/render/grid.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { buildRenderModel } from '../../src/render/render-model.js';
import type { RenderJourney, RenderModel } from '../../src/render/render-model.types.js';
import { fixture, loadFiles } from '../test-workspace.js';

/** The journey-management fixture (test/fixtures/management), built as one workspace. */
async function management(): Promise<Record<string, RenderModel>> {
    const names = ['library.cjm', 'lifecycle.cjm', 'checkout.cjm', 'support-call.cjm'];
    const { documents } = await loadFiles(Object.fromEntries(names.map(name => [name, fixture(`management/${name}`)])));
    return Object.fromEntries(names.map(name => [name, buildRenderModel(documents[name])]));
}

function journeyOf(models: Record<string, RenderModel>, file: string): RenderJourney {
    return models[file].journeys[0];
}

function parse(html: string): Document {
    const window = new Window();
    window.document.body.innerHTML = html;
    return window.document as unknown as Document;
}

beforeAll(() => {
    vi.stubEnv('CJM_TODAY', '2026-12-01');
});
afterAll(() => {
    vi.unstubAllEnvs();
});

describe('the render model knows journey management', () => {
    test('owner, reviewed and whether the review is stale', async () => {
        const models = await management();
        expect(models['checkout.cjm'].today).toBe('2026-12-01');
        expect(journeyOf(models, 'lifecycle.cjm')).toMatchObject({ owner: 'cx', reviewed: '2026-11-20', reviewedStale: false });
        expect(journeyOf(models, 'checkout.cjm')).toMatchObject({ owner: 'product', reviewed: '2026-03-02', reviewedStale: true });
        expect(journeyOf(models, 'support-call.cjm').reviewed).toBeUndefined();
    });

    test('subjourney links of stages and touchpoints, with the title and document of the journey they name', async () => {
        const journey = journeyOf(await management(), 'lifecycle.cjm');
        expect(journey.stages.map(stage => stage.subjourneys.map(link => [link.id, link.title, link.uri?.split('/').pop()])))
            .toEqual([[['checkout', 'Online checkout', 'checkout.cjm']], [['support-call', 'Support call', 'support-call.cjm']]]);
        expect(journey.stages[1].touchpoints[0].subjourneys.map(link => link.id)).toEqual(['support-call']);
    });

    test('evidence of pains and touchpoints: each insight with its title, source, date and staleness', async () => {
        const signup = journeyOf(await management(), 'checkout.cjm').stages[0].touchpoints[0];
        expect(signup.evidence).toEqual([{ id: 'survey-q3', title: 'Q3 checkout survey', source: 'survey', date: '2026-09', stale: false }]);
        expect(signup.pains[0].evidence.map(e => e.id)).toEqual(['int-12', 'survey-q3']);
        const confirm = journeyOf(await management(), 'checkout.cjm').stages[0].touchpoints[1];
        expect(confirm.pains[0].evidence).toEqual([{ id: 'old-study', title: '2024 diary study', source: 'Diary study', date: '2024-05', stale: true }]);
    });

    test('opportunities: impact, effort, ticket, due and whether they are overdue', async () => {
        const [guest, remember] = journeyOf(await management(), 'checkout.cjm').stages[0].touchpoints[0].opportunities;
        expect(guest).toMatchObject({ impact: 'high', effort: 'low', ticket: 'CX-142', due: '2026-11-15', overdue: true, status: 'planned' });
        expect(remember).toMatchObject({ impact: 'medium', effort: 'medium', status: 'in-progress' });
        expect(remember.due).toBeUndefined();
    });

    test('a date that is no real date is left out (it is an invalid-date error), whatever its text', async () => {
        const text = 'journey j { reviewed "<b>soon</b>" stage s { touchpoint t { opportunity "o" { due "2026-02-30" } } } }\ninsight i { date "<script>" }';
        const { documents } = await loadFiles({ 'main.cjm': `${text}\njourney k { stage s { touchpoint t { evidence i } } }` });
        const model = buildRenderModel(documents['main.cjm']);
        expect(model.journeys[0].reviewed).toBeUndefined();
        expect(model.journeys[0].stages[0].touchpoints[0].opportunities[0].due).toBeUndefined();
        expect(model.journeys[1].stages[0].touchpoints[0].evidence[0].date).toBeUndefined();
        const drawn = [renderMarkdown(model), ...model.journeys.map(gridHtml)].join('\n');
        expect(drawn).not.toMatch(/soon|script|2026-02-30/);
    });
});

describe('the grid shows evidence and subjourneys', () => {
    test('an evidence lane lists the insights a touchpoint and its pains name, with source and date, stale ones marked', async () => {
        const grid = parse(gridHtml(journeyOf(await management(), 'checkout.cjm')));
        const cells = Array.from(grid.querySelectorAll('tr.cjm-lane-insights td .cjm-item'), item => item.textContent);
        expect(cells).toEqual([
            'Forced sign-upQ3 checkout survey (survey, 2026-09)Interview 12: parent buying on the bus (interviews, 2026-10-14)',
            'Confirmation2024 diary study (Diary study, 2024-05) stale'
        ]);
        expect(grid.querySelectorAll('tr.cjm-lane-insights .cjm-stale')).toHaveLength(1);
        const pains = grid.querySelector('tr.cjm-lane-pains td')?.textContent;
        expect(pains).toContain('Forced sign-up (evidence: int-12, survey-q3, severity: high)');
    });

    test('opportunities show impact, effort, ticket and due, overdue ones marked', async () => {
        const grid = parse(gridHtml(journeyOf(await management(), 'checkout.cjm')));
        const guest = grid.querySelector('tr.cjm-lane-opportunities td .cjm-item > div:nth-child(2)')?.textContent;
        expect(guest).toBe('Guest checkout (planned, owner: product, impact: high, effort: low, ticket: CX-142, due: 2026-11-15) overdue');
    });

    test('a subjourney is a link with the journey\'s name and document in the HTML, and a line `↳ Title` in the Markdown', async () => {
        const journey = journeyOf(await management(), 'lifecycle.cjm');
        const grid = parse(gridHtml(journey));
        const links = Array.from(grid.querySelectorAll('[data-cjm-subjourney]'), link => ({
            text: link.textContent, id: link.getAttribute('data-cjm-subjourney'), uri: link.getAttribute('data-cjm-uri')?.split('/').pop(), role: link.getAttribute('role')
        }));
        expect(links).toEqual([
            { text: '↳ Online checkout', id: 'checkout', uri: 'checkout.cjm', role: 'link' },
            { text: '↳ Support call', id: 'support-call', uri: 'support-call.cjm', role: 'link' },
            { text: '↳ Support call', id: 'support-call', uri: 'support-call.cjm', role: 'link' }
        ]);
        const markdown = gridMarkdown(journey);
        expect(markdown).toContain('| Subjourneys | ↳ Online checkout | ↳ Support call |');
        expect(markdown).toContain('**Asks for help**<br>↳ Support call');
    });

    test('a subjourney named like markup is shown literally, in the HTML and through markdown-it', async () => {
        const title = '<img src=x onerror=alert(1)> **b** | `c` #d';
        const { documents } = await loadFiles({ 'main.cjm': `journey a "A" { stage s { subjourney b } }\njourney b ${JSON.stringify(title)} { }` });
        const journey = buildRenderModel(documents['main.cjm']).journeys[0];
        const grid = parse(gridHtml(journey));
        expect(grid.querySelector('[data-cjm-subjourney]')?.textContent).toBe(`↳ ${title}`);
        expect(grid.querySelectorAll('img')).toHaveLength(0);
        const html = new MarkdownIt({ html: true, linkify: true }).render(gridMarkdown(journey));
        expect(parse(html).querySelector('tbody td:nth-child(2)')?.textContent).toBe(`↳ ${title}`);
    });
});

describe('the Markdown of one journey', () => {
    test('says who owns the journey and when it was reviewed, and draws its portfolio with the table beside it', async () => {
        const markdown = renderMarkdown(await management().then(models => models['checkout.cjm']));
        expect(markdown).toContain('**Owner:** `product` · **Reviewed:** 2026-03-02, more than 6 months ago (**stale**)');
        expect(markdown).toContain('## Opportunity portfolio\n\n```mermaid\n---\nconfig:\n  quadrantChart:\n');
        expect(markdown).toContain('| Guest checkout | Forced sign-up | high | low | product | planned | CX-142 | 2026-11-15 **overdue** |');
        expect(markdown).toContain('| Show the delivery date | Confirmation | high | low | — | done | — | — |');
        expect(renderMarkdown(await management().then(models => models['support-call.cjm']))).not.toContain('Opportunity portfolio');
    });
});
