import type { PreviewView, RenderMessage } from '../protocol.js';
import { DIAGRAM_LABELS } from '../protocol.js';

/**
 * The toolbar's view controls: a persona picker (shown when the journey has two or more personas)
 * and a View menu with a checkbox per diagram and per grid lane. Every change goes to `onChange`
 * as the whole new view; what is shown is always the view of the last message drawn.
 */
export class ViewMenu {
    private readonly persona = document.createElement('select');
    private readonly menu = document.createElement('details');
    private readonly list = document.createElement('div');
    private view: PreviewView = { hiddenDiagrams: [], hiddenLanes: [] };

    constructor(private readonly onChange: (view: PreviewView) => void) {
        this.persona.className = 'cjm-persona-picker';
        this.persona.title = 'Show the journey as one persona lives it';
        this.persona.setAttribute('aria-label', this.persona.title);
        this.persona.addEventListener('change', () => {
            const { persona: _old, ...rest } = this.view;
            this.change(this.persona.value === '' ? rest : { ...rest, persona: this.persona.value });
        });
        this.menu.className = 'cjm-view-menu';
        const summary = document.createElement('summary');
        summary.textContent = 'View';
        summary.title = 'Show or hide diagrams and grid lanes';
        this.list.className = 'cjm-view-list';
        this.menu.append(summary, this.list);
        // The menu closes when the reader clicks elsewhere, as a drop-down does.
        document.addEventListener('click', (event) => {
            if (this.menu.open && !(event.target instanceof Node && this.menu.contains(event.target))) {
                this.menu.open = false;
            }
        });
    }

    /** The controls, for the toolbar. */
    get elements(): HTMLElement[] {
        return [this.persona, this.menu];
    }

    /** Shows the view of `message`: its personas, diagrams and lanes, each checked as the view has it. */
    show(message: RenderMessage): void {
        this.view = message.view;
        const everyone = option('', 'All personas');
        this.persona.replaceChildren(everyone, ...message.personas.map((persona) => option(persona.id, persona.title === persona.id ? persona.id : `${persona.title} (${persona.id})`)));
        this.persona.value = message.view.persona ?? '';
        this.persona.hidden = message.personas.length < 2;
        const diagrams = message.diagrams.map((kind) =>
            checkbox(DIAGRAM_LABELS[kind], `cjm-show-${kind}`, !message.view.hiddenDiagrams.includes(kind), (shown) =>
                this.change({ ...this.view, hiddenDiagrams: toggled(this.view.hiddenDiagrams, kind, shown) })
            )
        );
        const lanes = message.diagrams.includes('grid')
            ? message.lanes.map((lane) =>
                  checkbox(lane.title, `cjm-show-lane-${lane.key}`, !message.view.hiddenLanes.includes(lane.key), (shown) =>
                      this.change({ ...this.view, hiddenLanes: toggled(this.view.hiddenLanes, lane.key, shown) })
                  )
              )
            : [];
        this.list.replaceChildren(heading('Diagrams'), ...diagrams, ...(lanes.length > 0 ? [heading('Grid lanes'), ...lanes] : []));
    }

    private change(view: PreviewView): void {
        this.view = view;
        this.onChange(view);
    }
}

/** The list without `item` when it is shown, with it when it is hidden. */
function toggled<T>(hidden: readonly T[], item: T, shown: boolean): T[] {
    return shown ? hidden.filter((other) => other !== item) : [...hidden.filter((other) => other !== item), item];
}

function option(value: string, label: string): HTMLOptionElement {
    const element = document.createElement('option');
    element.value = value;
    element.textContent = label;
    return element;
}

function heading(text: string): HTMLElement {
    const element = document.createElement('div');
    element.className = 'cjm-view-heading';
    element.textContent = text;
    return element;
}

function checkbox(label: string, name: string, checked: boolean, onChange: (checked: boolean) => void): HTMLLabelElement {
    const element = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.name = name;
    input.checked = checked;
    input.addEventListener('change', () => onChange(input.checked));
    element.append(input, document.createTextNode(label));
    return element;
}
