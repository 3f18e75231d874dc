import { isJourney, isPersona } from '@cjm/language';
import { loadWorkspace } from './load-workspace.js';
import { workspaceRootFor } from './workspace-root.js';

/** The persona and journey names a workspace declares, so new files can reuse them and not clash. */
export interface DeclaredNames {
    personas: Set<string>;
    journeys: Set<string>;
}

/** The names declared in the workspace around a folder (see workspaceRootFor), leaving out the files in `exclude`. */
export async function declaredNamesAround(folder: string, exclude: string[] = [], root?: string): Promise<DeclaredNames> {
    const { documents } = await loadWorkspace([], [await workspaceRootFor(folder, { root }, true)], { exclude: new Set(exclude) });
    const names: DeclaredNames = { personas: new Set(), journeys: new Set() };
    for (const document of documents.values()) {
        for (const element of document.parseResult.value.elements) {
            if (isPersona(element)) {
                names.personas.add(element.name);
            } else if (isJourney(element)) {
                names.journeys.add(element.name);
            }
        }
    }
    return names;
}
