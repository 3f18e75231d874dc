import type { Metric, MetricNumber } from '../generated/ast.js';
import { isMetricNumber, isMetricPeriod, isMetricType } from '../generated/ast.js';

export type MetricKind = 'retention' | 'churn' | 'nps' | 'csat' | 'ces' | 'conversion' | 'custom';
export type MetricInput = 'value' | 'target' | 'start' | 'end' | 'new' | 'lost';

/** The numbers a metric declares, read from its fields (the last of a repeated field wins). */
export interface MetricInputs {
    type: MetricKind;
    period?: string;
    numbers: Partial<Record<MetricInput, { value: number; percent: boolean; node: MetricNumber }>>;
}

/** What a metric means: its computed value where the type defines one, and what is wrong with it. */
export interface MetricEvaluation {
    type: MetricKind;
    /** The value to show: computed for retention/churn, else the declared value. */
    value?: number;
    /** The unit of `value`: '%' for computed rates and declared percentages. */
    unit: '%' | '';
    computed?: number;
    declared?: number;
    target?: number;
    targetUnit: '%' | '';
    /** Inputs the type needs but the metric lacks. */
    missing: MetricInput[];
    /** Impossible inputs, each with the field to point at and a message. */
    invalid: { field?: MetricInput; message: string }[];
    /** Set when the declared value differs from the computed value by more than 0.5 points. */
    inconsistent?: { declared: number; computed: number };
}

/** The allowed difference between a declared and a computed percentage, in percentage points. */
export const METRIC_TOLERANCE = 0.5;

/** Float noise: 1.6 − 1.1 is 0.5000000000000002, which is not more than 0.5 points. */
const EPSILON = 1e-9;

/** Reads a metric's fields. */
export function metricInputs(metric: Metric): MetricInputs {
    const inputs: MetricInputs = { type: 'custom', numbers: {} };
    for (const field of metric.fields) {
        if (isMetricType(field)) {
            inputs.type = field.value as MetricKind;
        } else if (isMetricPeriod(field)) {
            inputs.period = field.value;
        } else if (isMetricNumber(field) && typeof field.value === 'number') {
            inputs.numbers[field.kind as MetricInput] = { value: field.value, percent: field.percent, node: field };
        }
    }
    return inputs;
}

/** Computes a metric's value and checks its inputs, as the language reference defines. */
export function evaluateMetric(metric: Metric): MetricEvaluation {
    return evaluateInputs(metricInputs(metric));
}

export function evaluateInputs(inputs: MetricInputs): MetricEvaluation {
    const n = (key: MetricInput) => inputs.numbers[key]?.value;
    const declared = n('value');
    const result: MetricEvaluation = {
        type: inputs.type,
        declared,
        target: n('target'),
        targetUnit: inputs.numbers.target?.percent || isRate(inputs.type) ? '%' : '',
        unit: inputs.numbers.value?.percent ? '%' : '',
        missing: [],
        invalid: []
    };
    for (const key of ['start', 'end', 'new', 'lost'] as const) {
        const v = n(key);
        if (v !== undefined && v < 0) {
            result.invalid.push({ field: key, message: `\`${key}\` is a count of customers and cannot be negative (${v}).` });
        }
    }
    const counts = result.invalid.length === 0;
    switch (inputs.type) {
        case 'retention': {
            const start = n('start'), end = n('end'), added = n('new') ?? 0;
            if (start === undefined) result.missing.push('start');
            if (end === undefined) result.missing.push('end');
            if (start !== undefined && end !== undefined && counts) {
                if (start === 0) {
                    result.invalid.push({ field: 'start', message: 'Retention needs a `start` above 0: there is nobody to retain.' });
                } else if (added > end) {
                    result.invalid.push({ field: 'new', message: `\`new\` (${added}) cannot exceed \`end\` (${end}): new customers are part of the end count.` });
                } else {
                    result.computed = (end - added) / start * 100;
                    if (result.computed > 100) {
                        result.invalid.push({ field: 'end', message: `Retention cannot exceed 100 % (computed ${round(result.computed)} % from (end − new) ÷ start); check \`end\` and \`new\`.` });
                    }
                }
            }
            if (declared !== undefined && declared > 100) {
                result.invalid.push({ field: 'value', message: `Retention cannot exceed 100 % (declared ${declared} %).` });
            }
            break;
        }
        case 'churn': {
            const start = n('start'), end = n('end');
            let lost = n('lost');
            if (start === undefined) result.missing.push('start');
            if (lost === undefined && end === undefined) result.missing.push('lost');
            if (start !== undefined && lost === undefined && end !== undefined) {
                lost = start - end;
            } else if (start !== undefined && lost !== undefined && end !== undefined && counts) {
                // All three given: they must tell the same story (end = start − lost + new).
                const added = n('new') ?? 0;
                if (Math.abs(start + added - end - lost) > EPSILON) {
                    const formula = added ? `start + new − end = ${start} + ${added} − ${end}` : `start − end = ${start} − ${end}`;
                    result.invalid.push({ field: 'lost', message: `\`lost\` (${lost}) does not match ${formula} = ${start + added - end}. Give \`lost\` or \`end\`, or make them agree.` });
                }
            }
            if (start !== undefined && lost !== undefined && counts) {
                if (lost > start) {
                    result.invalid.push({ field: n('lost') !== undefined ? 'lost' : 'end', message: `\`lost\` (${lost}) cannot exceed \`start\` (${start}).` });
                } else if (lost < 0) {
                    result.invalid.push({ field: 'end', message: `\`end\` (${end}) above \`start\` (${start}) means negative churn; use \`lost\` for customers lost.` });
                } else if (start === 0) {
                    result.invalid.push({ field: 'start', message: 'Churn needs a `start` above 0.' });
                } else {
                    result.computed = lost / start * 100;
                }
            }
            break;
        }
        case 'nps': {
            if (declared !== undefined && (declared < -100 || declared > 100)) {
                result.invalid.push({ field: 'value', message: `NPS lies between −100 and 100 (declared ${declared}).` });
            }
            const target = n('target');
            if (target !== undefined && (target < -100 || target > 100)) {
                result.invalid.push({ field: 'target', message: `NPS lies between −100 and 100, so a target of ${target} cannot be met.` });
            }
            break;
        }
        default:
            break;
    }
    if (result.computed !== undefined) {
        result.value = result.computed;
        result.unit = '%';
        if (declared !== undefined && Math.abs(declared - result.computed) > METRIC_TOLERANCE + EPSILON) {
            result.inconsistent = { declared, computed: result.computed };
        }
    } else {
        result.value = declared;
        if (isRate(inputs.type) && declared !== undefined) {
            result.unit = '%';
        }
    }
    return result;
}

/** True for the metric types whose value is computed from counts. */
export function isComputedType(type: MetricKind): boolean {
    return type === 'retention' || type === 'churn';
}

function isRate(type: MetricKind): boolean {
    return type === 'retention' || type === 'churn';
}

/** Rounds to at most two decimals, for messages and display. */
export function round(value: number): number {
    return Math.round(value * 100) / 100;
}

/** `95 %`-style display of a metric value. */
export function formatMetricValue(value: number | undefined, unit: '%' | ''): string {
    if (value === undefined) {
        return '—';
    }
    return `${round(value)}${unit}`;
}
