/**
 * The preview page: renders the model the server builds (src/preview/model) as makers meet it,
 * and runs actions through the server. Plain DOM, no framework: the page is a handful of forms.
 */
import { buildCall, choicesFromAnswer, dynamicCallInputs, EntryError, type FieldValue } from '../model/call.ts';
import type {
  ActionCard,
  Choice,
  ConnectionField,
  ConnectionSet,
  FindingView,
  InputField,
  PreviewModel,
} from '../model/types.ts';

interface SignInChoice {
  id: string;
  label: string;
}

interface ApiModel {
  version: number;
  model: PreviewModel;
  problem?: string;
  signIns: SignInChoice[];
  emulator?: { endpoint: string; teamsUserPath: string };
}

interface TestResult {
  error?: string;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  warnings?: string[];
  requests?: Array<{ method: string; url: string; headers: Array<[string, string]>; body: string | null }>;
  requestSource?: string;
  durationMs?: number;
  serverMs?: number;
}

const CONNECTION = '#connection';

const state = {
  data: undefined as ApiModel | undefined,
  selected: CONNECTION,
  values: new Map<string, Record<string, FieldValue>>(),
  shownAdvanced: new Map<string, Set<string>>(),
  wholeArray: new Set<string>(),
  pickerOpen: new Set<string>(),
  infoOpen: new Set<string>(),
  dynamicChoices: new Map<string, Choice[]>(),
  results: new Map<string, TestResult>(),
  running: new Set<string>(),
  signIn: '',
  connectionSet: 0,
  connectionValues: {} as Record<string, string>,
  revealed: new Set<string>(),
  problem: undefined as string | undefined,
};

/** Timings the benchmark reads: when the model arrived and when it was on screen. */
const timings: Record<string, number> = {};
(window as unknown as { __previewTimings: Record<string, number> }).__previewTimings = timings;

// ── DOM helpers ───────────────────────────────────────────────────────────────────────────────

type Child = Node | string | null | undefined | false;
/** An attribute's value (true: present without a value; false, null, undefined: absent), or an on… handler. */
type Attribute = string | number | boolean | null | undefined | ((event: Event) => unknown);

function h(tag: string, attributes: Record<string, Attribute> = {}, ...children: Array<Child | Child[]>): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'value' && 'value' in element) {
      (element as HTMLInputElement).value = String(value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

function approximate(why: string): HTMLElement {
  return h(
    'span',
    { class: 'approx', title: why },
    '≈ approximate',
    h('span', { class: 'visually-hidden' }, `: ${why}`),
  );
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}

// ── Loading ───────────────────────────────────────────────────────────────────────────────────

async function loadModel(): Promise<void> {
  const response = await fetch('/api/model');
  const data = (await response.json()) as ApiModel;
  timings.modelReceived = performance.now();
  state.data = data;
  state.problem = data.problem;
  if (!data.signIns.some((choice) => choice.id === state.signIn)) state.signIn = data.signIns[0]?.id ?? '';
  const fromHash = decodeURIComponent(location.hash.replace(/^#op=/, ''));
  if (location.hash.startsWith('#op=') && data.model.actions.some((action) => action.operationId === fromHash)) {
    state.selected = fromHash;
  } else if (
    state.selected !== CONNECTION &&
    !data.model.actions.some((action) => action.operationId === state.selected)
  ) {
    state.selected = CONNECTION;
  }
  render();
  timings.rendered = performance.now();
  document.body.dataset.version = String(data.version);
}

function listen(): void {
  const events = new EventSource('/api/events');
  events.addEventListener('reload', () => void loadModel());
  events.addEventListener('problem', (event: MessageEvent<string>) => {
    state.problem = (JSON.parse(event.data) as { message: string }).message;
    render();
  });
}

// ── Rendering ─────────────────────────────────────────────────────────────────────────────────

function render(): void {
  const data = state.data;
  if (!data) return;
  const app = document.getElementById('app')!;
  const focused = document.activeElement?.id;
  app.replaceChildren(headerView(data.model), h('div', { class: 'layout' }, navView(data.model), mainView(data.model)));
  app.removeAttribute('aria-busy');
  if (focused) document.getElementById(focused)?.focus();
}

function headerView(model: PreviewModel): HTMLElement {
  return h(
    'header',
    { class: 'top', style: model.connector.brandColor ? `--brand: ${model.connector.brandColor}` : undefined },
    h('h1', {}, model.connector.title),
    model.connector.description ? h('p', { class: 'lead' }, model.connector.description) : null,
    h(
      'p',
      { class: 'legend' },
      'What makers see in the connection dialog, the Power Automate designer and Power Apps. Parts marked ',
      h('span', { class: 'approx' }, '≈ approximate'),
      ' follow a documented or observed rule only roughly.',
    ),
    state.problem ? h('p', { class: 'problem', role: 'alert' }, state.problem) : null,
  );
}

function navView(model: PreviewModel): HTMLElement {
  return h(
    'nav',
    { 'aria-label': 'Actions' },
    h(
      'ul',
      {},
      h('li', {}, navButton(CONNECTION, 'Connection', [])),
      model.actions.map((action) => h('li', {}, navButton(action.operationId, action.title, actionTags(action)))),
    ),
  );
}

/** The tags beside an action's name in the list. */
function actionTags(action: ActionCard): string[] {
  const findings = action.findings.length;
  return [
    action.preview ? 'Preview' : '',
    action.deprecated ? 'Deprecated' : '',
    action.internal ? 'Internal' : '',
    findings > 0 ? `${findings} finding${findings === 1 ? '' : 's'}` : '',
  ];
}

/** The selected page: the connection dialog (with the connector's own findings) or an action's card. */
function mainView(model: PreviewModel): HTMLElement {
  if (state.selected !== CONNECTION) {
    return h(
      'main',
      { id: 'main' },
      actionView(model.actions.find((action) => action.operationId === state.selected)!),
    );
  }
  return h(
    'main',
    { id: 'main' },
    connectionView(model),
    model.findings.length > 0 ? findingsView(model.findings, 'Connector findings') : null,
  );
}

function navButton(id: string, title: string, tags: string[]): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'nav-item',
      'aria-current': state.selected === id ? 'page' : undefined,
      'data-operation': id === CONNECTION ? undefined : id,
      onclick: () => {
        state.selected = id;
        history.replaceState(null, '', id === CONNECTION ? '#' : `#op=${encodeURIComponent(id)}`);
        render();
      },
    },
    title,
    tags.filter(Boolean).map((tag) => h('span', { class: 'tag' }, tag)),
  );
}

// ── Connection dialog ─────────────────────────────────────────────────────────────────────────

function connectionView(model: PreviewModel): HTMLElement {
  const sets = model.connection.sets;
  const set: ConnectionSet | undefined = sets[Math.min(state.connectionSet, sets.length - 1)];
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'connection-title' },
    h(
      'div',
      { class: 'card-head' },
      h('h2', { id: 'connection-title' }, `Create a connection to ${model.connector.title}`),
      approximate(
        'The dialog is drawn from apiProperties.json as Microsoft Learn describes it; its look is not the platform’s.',
      ),
    ),
    sets.length === 0 ? h('p', {}, 'This connector needs no connection values.') : null,
    sets.length > 1 ? connectionSetChooser(model.connection) : null,
    set?.description ? h('p', { class: 'hint' }, set.description) : null,
    set
      ? h(
          'form',
          { class: 'connection-fields', onsubmit: (event: Event) => event.preventDefault() },
          set.fields.map((field) => connectionFieldView(set, field)),
        )
      : null,
    h(
      'p',
      { class: 'hint' },
      'Values typed here are used by the Test panel’s “connection dialog” sign-in; they stay in this page.',
    ),
  );
}

/** With connectionParameterSets: the drop-down that switches the dialog's fields. */
function connectionSetChooser(connection: PreviewModel['connection']): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: 'connection-set' }, connection.chooserLabel),
    h(
      'select',
      {
        id: 'connection-set',
        onchange: (event: Event) => {
          state.connectionSet = Number((event.target as HTMLSelectElement).value);
          render();
        },
      },
      connection.sets.map((candidate, index) =>
        h('option', { value: String(index), selected: index === state.connectionSet }, candidate.label),
      ),
    ),
    connection.chooserDescription ? h('p', { class: 'hint' }, connection.chooserDescription) : null,
  );
}

function connectionFieldView(set: ConnectionSet, field: ConnectionField): HTMLElement {
  const id = `conn-${slug(set.name ?? 'default')}-${slug(field.name)}`;
  if (field.kind === 'sign-in') {
    return h(
      'div',
      { class: 'field' },
      h('button', { type: 'button', id, class: 'secondary', disabled: true }, 'Sign in'),
      h('p', { class: 'hint' }, 'The preview does not run interactive sign-ins.'),
    );
  }
  const label = h(
    'label',
    { for: id },
    field.label,
    field.required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null,
  );
  const tooltip = field.tooltip
    ? h('span', { class: 'tooltip', role: 'img', 'aria-label': `Help: ${field.tooltip}`, title: field.tooltip }, 'i')
    : null;
  return h(
    'div',
    { class: 'field', 'data-connection-field': field.name },
    h('div', { class: 'label-row' }, label, tooltip),
    field.kind === 'dropdown' ? connectionChoiceControl(field, id) : connectionTextControl(set, field, id),
  );
}

function connectionChoiceControl(field: ConnectionField, id: string): HTMLElement {
  return h(
    'select',
    { id, 'aria-required': field.required ? 'true' : undefined, onchange: keepConnectionValue(field) },
    h('option', { value: '' }, ''),
    (field.choices ?? []).map((choice) =>
      h(
        'option',
        { value: String(choice.value), selected: state.connectionValues[field.name] === String(choice.value) },
        choice.label,
      ),
    ),
  );
}

/** A text box; a masked secret's box has a Show/Hide button beside it. */
function connectionTextControl(set: ConnectionSet, field: ConnectionField, id: string): HTMLElement {
  const key = `${set.name ?? ''}|${field.name}`;
  const maskable = field.kind === 'secret' && field.masked;
  const input = h('input', {
    id,
    type: maskable && !state.revealed.has(key) ? 'password' : 'text',
    placeholder: field.placeholder,
    autocomplete: 'off',
    'aria-required': field.required ? 'true' : undefined,
    value: state.connectionValues[field.name] ?? '',
    oninput: keepConnectionValue(field),
  });
  return maskable ? h('div', { class: 'with-button' }, input, revealButton(field, key)) : input;
}

function revealButton(field: ConnectionField, key: string): HTMLElement {
  const revealed = state.revealed.has(key);
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary reveal',
      'aria-pressed': revealed ? 'true' : 'false',
      'aria-label': `Show ${field.label}`,
      onclick: () => {
        if (revealed) state.revealed.delete(key);
        else state.revealed.add(key);
        render();
      },
    },
    revealed ? 'Hide' : 'Show',
  );
}

function keepConnectionValue(field: ConnectionField): (event: Event) => void {
  return (event) => {
    state.connectionValues[field.name] = (event.target as HTMLInputElement | HTMLSelectElement).value;
  };
}

// ── Action card ───────────────────────────────────────────────────────────────────────────────

function valuesOf(action: ActionCard): Record<string, FieldValue> {
  let values = state.values.get(action.operationId);
  if (!values) state.values.set(action.operationId, (values = {}));
  return values;
}

function actionView(action: ActionCard): HTMLElement {
  const infoOpen = state.infoOpen.has(action.operationId);
  return h(
    'section',
    {
      class: 'card action',
      'aria-labelledby': `title-${slug(action.operationId)}`,
      'data-operation': action.operationId,
    },
    actionHeadView(action, infoOpen),
    action.description
      ? h('p', { id: `info-${slug(action.operationId)}`, class: 'description', hidden: !infoOpen }, action.description)
      : null,
    action.offered ? null : h('p', { class: 'hint' }, 'Not offered to new flows (internal or deprecated).'),
    h('p', { class: 'meta' }, h('code', {}, `${action.method} ${action.path}`), ` · ${action.operationId}`),
    inputsView(action),
    action.findings.length > 0 ? findingsView(action.findings, 'Validation findings') : null,
    outputsView(action),
    powerFxView(action),
    testView(action),
  );
}

/** The card's title, its tags, and the info button that shows its description. */
function actionHeadView(action: ActionCard, infoOpen: boolean): HTMLElement {
  return h(
    'div',
    { class: 'card-head' },
    h('h2', { id: `title-${slug(action.operationId)}` }, action.title),
    action.preview ? h('span', { class: 'tag preview' }, 'Preview') : null,
    action.deprecated ? h('span', { class: 'tag' }, 'Deprecated') : null,
    action.internal ? h('span', { class: 'tag' }, 'Internal') : null,
    action.description
      ? h(
          'button',
          {
            type: 'button',
            class: 'info',
            'aria-expanded': infoOpen ? 'true' : 'false',
            'aria-controls': `info-${slug(action.operationId)}`,
            'aria-label': 'About this action',
            onclick: () => {
              if (infoOpen) state.infoOpen.delete(action.operationId);
              else state.infoOpen.add(action.operationId);
              render();
            },
          },
          'i',
        )
      : null,
  );
}

/** The inputs in the designer's order: the visible ones, the advanced picker, the advanced ones shown. */
function inputsView(action: ActionCard): HTMLElement {
  const shown = state.shownAdvanced.get(action.operationId) ?? new Set<string>();
  const advanced = action.inputs.filter((field) => field.advanced);
  const visible = action.inputs.filter((field) => !field.advanced);
  const silent = action.silentInputs.map((input) => `${input.name} = ${JSON.stringify(input.value)}`);
  return h(
    'div',
    { class: 'inputs' },
    visible.length + advanced.length === 0 ? h('p', { class: 'hint' }, 'This action has no inputs.') : null,
    visible.map((field) => fieldView(action, field)),
    advanced.length > 0 ? pickerView(action, advanced, shown) : null,
    advanced.filter((field) => shown.has(field.id)).map((field) => fieldView(action, field)),
    silent.length > 0 ? h('p', { class: 'hint' }, `Sent without being shown: ${silent.join(', ')}.`) : null,
  );
}

function pickerView(action: ActionCard, advanced: InputField[], shown: Set<string>): HTMLElement {
  const listId = `picker-${slug(action.operationId)}`;
  const open = state.pickerOpen.has(action.operationId);
  return h(
    'div',
    { class: 'picker' },
    h('span', { class: 'picker-label', id: `${listId}-label` }, 'Advanced parameters'),
    h(
      'div',
      { class: 'picker-row' },
      h(
        'button',
        {
          type: 'button',
          class: 'picker-toggle',
          'aria-expanded': open ? 'true' : 'false',
          'aria-controls': listId,
          'aria-describedby': `${listId}-label`,
          onclick: () => {
            if (open) state.pickerOpen.delete(action.operationId);
            else state.pickerOpen.add(action.operationId);
            render();
          },
        },
        `Showing ${shown.size} of ${advanced.length}`,
      ),
      showAllButton(action, advanced, shown),
      clearAllButton(action, advanced, shown),
    ),
    h(
      'fieldset',
      { id: listId, class: 'picker-list', hidden: !open },
      h('legend', { class: 'visually-hidden' }, 'Advanced parameters to show'),
      advanced.map((field) => pickerCheckbox(action, field, shown)),
    ),
  );
}

/** Which advanced parameters the card shows. */
function setShownAdvanced(action: ActionCard, shown: Set<string>): void {
  state.shownAdvanced.set(action.operationId, shown);
  render();
}

function showAllButton(action: ActionCard, advanced: InputField[], shown: Set<string>): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      title: 'Show all advanced parameters',
      disabled: shown.size === advanced.length,
      onclick: () => setShownAdvanced(action, new Set(advanced.map((field) => field.id))),
    },
    'Show all',
  );
}

function clearAllButton(action: ActionCard, advanced: InputField[], shown: Set<string>): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      title: 'Remove and clear all advanced parameters and their values',
      disabled: shown.size === 0,
      onclick: () => {
        const values = valuesOf(action);
        for (const field of advanced) delete values[field.id];
        setShownAdvanced(action, new Set());
      },
    },
    'Clear all',
  );
}

function pickerCheckbox(action: ActionCard, field: InputField, shown: Set<string>): HTMLElement {
  const id = `pick-${slug(action.operationId)}-${slug(field.id)}`;
  return h(
    'div',
    { class: 'check' },
    h('input', {
      type: 'checkbox',
      id,
      checked: shown.has(field.id),
      onchange: (event: Event) => {
        const next = new Set(shown);
        if ((event.target as HTMLInputElement).checked) next.add(field.id);
        else {
          next.delete(field.id);
          delete valuesOf(action)[field.id];
        }
        setShownAdvanced(action, next);
      },
    }),
    h('label', { for: id }, field.label),
  );
}

function fieldId(action: ActionCard, field: InputField): string {
  return `f-${slug(action.operationId)}-${slug(field.id)}`;
}

function fieldView(action: ActionCard, field: InputField): HTMLElement {
  const id = fieldId(action, field);
  const values = valuesOf(action);
  const label = h(
    'label',
    { for: id },
    field.label,
    field.required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null,
  );
  const hintId = `${id}-hint`;
  const needsHint =
    field.placeholder && (field.editor === 'dropdown' || field.editor === 'boolean' || field.editor === 'array');
  const common = {
    id,
    'aria-required': field.required ? 'true' : undefined,
    'aria-describedby': needsHint ? hintId : undefined,
    'data-field': field.id,
  };
  let control: HTMLElement;
  if (field.editor === 'array') {
    return arrayView(action, field, id, needsHint ? hintId : undefined);
  } else if (field.editor === 'dropdown' || field.editor === 'boolean') {
    control = selectFor(field.choices ?? [], String(values[field.id] ?? defaultText(field)), field.type !== 'boolean', {
      ...common,
      onchange: (event: Event) => (values[field.id] = (event.target as HTMLSelectElement).value),
    });
    if (values[field.id] === undefined && defaultText(field) !== '') values[field.id] = defaultText(field);
  } else if (field.editor === 'json') {
    control = h('textarea', {
      ...common,
      rows: 3,
      placeholder: field.placeholder,
      value: String(values[field.id] ?? ''),
      oninput: (event: Event) => (values[field.id] = (event.target as HTMLTextAreaElement).value),
    });
  } else {
    control = h('input', {
      ...common,
      type: field.editor === 'integer' || field.editor === 'number' ? 'number' : 'text',
      inputmode: field.editor === 'integer' ? 'numeric' : undefined,
      min: field.minimum,
      max: field.maximum,
      step: field.editor === 'integer' ? 1 : undefined,
      placeholder: field.placeholder,
      list: field.dynamic ? `${id}-choices` : undefined,
      value: String(values[field.id] ?? ''),
      oninput: (event: Event) => (values[field.id] = (event.target as HTMLInputElement).value),
    });
    if (field.dynamic) control = dynamicView(action, field, id, control);
  }
  return h(
    'div',
    { class: 'field', 'data-field-box': field.id },
    label,
    control,
    needsHint ? h('p', { class: 'hint', id: hintId }, field.placeholder) : null,
  );
}

/** The choice a drop-down starts on: a text, number or boolean default (an object or array default is no choice). */
function defaultText(field: InputField): string {
  const value = field.default;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function selectFor(
  choices: Choice[],
  selected: string,
  addEmpty: boolean,
  attributes: Record<string, Attribute>,
): HTMLElement {
  const hasEmpty = choices.some((choice) => String(choice.value) === '');
  return h(
    'select',
    attributes,
    addEmpty && !hasEmpty ? h('option', { value: '' }, '') : null,
    choices.map((choice) =>
      h(
        'option',
        { value: String(choice.value), selected: String(choice.value) === selected },
        choice.label || '\u00a0',
      ),
    ),
  );
}

function arrayView(action: ActionCard, field: InputField, id: string, hintId: string | undefined): HTMLElement {
  const values = valuesOf(action);
  const whole = state.wholeArray.has(`${action.operationId}|${field.id}`);
  const items = Array.isArray(values[field.id]) ? (values[field.id] as string[]) : [''];
  if (!Array.isArray(values[field.id]) && !whole) values[field.id] = items;
  return h(
    'fieldset',
    { class: 'field array', 'data-field-box': field.id },
    h('legend', {}, field.label, field.required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
    hintId ? h('p', { class: 'hint', id: hintId }, field.placeholder) : null,
    whole ? wholeArrayBox(action, field, id, hintId) : arrayItemsView(action, field, id, items),
    wholeArrayToggle(action, field, items, whole),
  );
}

/** The switch between one box per item and the whole array as JSON; what was typed carries over. */
function wholeArrayToggle(action: ActionCard, field: InputField, items: string[], whole: boolean): HTMLElement {
  const key = `${action.operationId}|${field.id}`;
  const values = valuesOf(action);
  return h(
    'button',
    {
      type: 'button',
      class: 'secondary small',
      'aria-pressed': whole ? 'true' : 'false',
      onclick: () => {
        if (whole) {
          state.wholeArray.delete(key);
          values[field.id] = [''];
        } else {
          state.wholeArray.add(key);
          const filled = items.filter((item) => item !== '');
          values[field.id] = filled.length > 0 ? JSON.stringify(filled) : '';
        }
        render();
      },
    },
    whole ? 'Switch to detail inputs for array item' : 'Switch to input entire array',
  );
}

function wholeArrayBox(action: ActionCard, field: InputField, id: string, hintId: string | undefined): HTMLElement {
  const values = valuesOf(action);
  const value = values[field.id];
  return h('textarea', {
    id,
    rows: 3,
    'data-field': field.id,
    'aria-describedby': hintId,
    placeholder: field.placeholder,
    value: typeof value === 'string' ? value : '',
    oninput: (event: Event) => (values[field.id] = (event.target as HTMLTextAreaElement).value),
  });
}

function arrayItemsView(action: ActionCard, field: InputField, id: string, items: string[]): HTMLElement {
  const values = valuesOf(action);
  return h(
    'div',
    { class: 'items' },
    items.map((_item, index) => arrayItemView(action, field, index === 0 ? id : `${id}-${index}`, items, index)),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary small add-item',
        onclick: () => {
          values[field.id] = [...items, ''];
          render();
        },
      },
      'Add new item',
    ),
    field.item?.editor === 'json'
      ? approximate('The designer shows one box per property of each item; here each item is JSON.')
      : null,
  );
}

/** One item's box (a drop-down when the items have an enum) and its Remove button. */
function arrayItemView(action: ActionCard, field: InputField, id: string, items: string[], index: number): HTMLElement {
  const values = valuesOf(action);
  const item = field.item ?? { editor: 'text' as const, type: 'string' };
  const attributes = {
    id,
    'aria-label': `${field.label} item ${index + 1}`,
    'data-field': field.id,
    'data-item': index,
  };
  const update = (event: Event) => {
    items[index] = (event.target as HTMLInputElement).value;
    values[field.id] = items;
  };
  const control =
    item.editor === 'dropdown' || item.editor === 'boolean'
      ? selectFor(item.choices ?? [], items[index]!, true, { ...attributes, onchange: update })
      : h('input', {
          ...attributes,
          type: item.editor === 'integer' || item.editor === 'number' ? 'number' : 'text',
          value: items[index],
          oninput: update,
        });
  const remove = () => {
    items.splice(index, 1);
    values[field.id] = items.length > 0 ? items : [''];
    render();
  };
  return h(
    'div',
    { class: 'item' },
    control,
    h(
      'button',
      {
        type: 'button',
        class: 'secondary small',
        'aria-label': `Remove ${field.label} item ${index + 1}`,
        onclick: remove,
      },
      'Remove',
    ),
  );
}

function dynamicView(action: ActionCard, field: InputField, id: string, control: HTMLElement): HTMLElement {
  const key = `${action.operationId}|${field.id}`;
  const choices = state.dynamicChoices.get(key) ?? [];
  const spec = field.dynamic!;
  return h(
    'div',
    { class: 'with-button' },
    control,
    h(
      'datalist',
      { id: `${id}-choices` },
      choices.map((choice) => h('option', { value: String(choice.value) }, choice.label)),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: async () => {
          const target = state.data?.model.actions.find((candidate) => candidate.operationId === spec.operationId);
          if (!target) {
            state.problem = `${field.label}: its values come from "${spec.operationId}", which the connector does not have.`;
            render();
            return;
          }
          const byName = new Map(action.inputs.map((input) => [input.name, input]));
          const inputs = dynamicCallInputs(spec, target, valuesOf(action), byName);
          const result = await runOperation(target.operationId, inputs.parameters, inputs.body);
          state.dynamicChoices.set(key, result.error ? [] : choicesFromAnswer(spec, result.body));
          state.problem = result.error ? `${field.label}: ${result.error}` : undefined;
          render();
        },
      },
      'Load values',
    ),
    approximate(`Filled by calling ${spec.operationId}; the designer fills its combo box the same way when it opens.`),
  );
}

function findingsView(findings: FindingView[], title: string): HTMLElement {
  return h(
    'section',
    { class: 'findings', 'aria-label': title },
    h('h3', {}, title),
    h(
      'ul',
      {},
      findings.map((finding) =>
        h(
          'li',
          { class: finding.severity },
          h('strong', {}, `${finding.severity === 'error' ? 'Error' : 'Warning'} ${finding.ruleId}`),
          `: ${finding.message} `,
          h('span', { class: 'hint' }, finding.hint),
        ),
      ),
    ),
  );
}

function outputsView(action: ActionCard): HTMLElement {
  return h(
    'section',
    { class: 'outputs', 'aria-label': 'Dynamic content' },
    h(
      'h3',
      {},
      'Dynamic content',
      action.outputsFrom ? h('span', { class: 'hint' }, ` (from the ${action.outputsFrom} response)`) : null,
    ),
    action.outputs.length === 0
      ? h('p', { class: 'hint' }, 'This action has no outputs.')
      : h(
          'ul',
          { class: 'tokens' },
          action.outputs.map((token) =>
            h(
              'li',
              { class: token.advanced ? 'token advanced' : 'token', 'data-path': token.path },
              h('span', { class: 'token-title' }, token.title),
              h('span', { class: 'token-type' }, token.type),
              token.advanced ? h('span', { class: 'tag' }, 'advanced') : null,
              token.description ? h('span', { class: 'token-description' }, token.description) : null,
            ),
          ),
        ),
  );
}

function powerFxView(action: ActionCard): HTMLElement {
  return h(
    'section',
    { class: 'powerfx', 'aria-label': 'Power Apps' },
    h('h3', {}, 'Power Apps (Power Fx)'),
    h('p', {}, h('code', { class: 'signature' }, action.powerFx.signature)),
    h('p', {}, 'Example: ', h('code', { class: 'example' }, action.powerFx.example)),
    approximate(
      'The namespace is the connector’s name as deployed, and types are simplified (Record, Table, Text, Number).',
    ),
  );
}

// ── Test panel ────────────────────────────────────────────────────────────────────────────────

async function runOperation(
  operationId: string,
  parameters: Record<string, string>,
  body: string | undefined,
): Promise<TestResult> {
  const set = state.data?.model.connection.sets[state.connectionSet];
  const response = await fetch('/api/invoke', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      operationId,
      parameters,
      body,
      signIn: state.signIn,
      connection: { parameterSet: set?.name, values: state.connectionValues },
    }),
  });
  const answer = (await response.json()) as Omit<TestResult, 'error'> & { error?: string | { message: string } };
  if (answer.error && typeof answer.error === 'object') return { error: answer.error.message };
  return answer as TestResult;
}

function testView(action: ActionCard): HTMLElement {
  const running = state.running.has(action.operationId);
  const result = state.results.get(action.operationId);
  const emulator = state.data?.emulator;
  return h(
    'section',
    { class: 'test', 'aria-label': 'Test' },
    h('h3', {}, 'Test'),
    signInChooser(action),
    emulator
      ? h(
          'p',
          { class: 'hint' },
          `Embedded emulator at ${emulator.endpoint}; a Teams user signs in with POST ${emulator.teamsUserPath}.`,
        )
      : null,
    h(
      'button',
      { type: 'button', class: 'primary run', disabled: running, onclick: () => testAction(action) },
      running ? 'Testing…' : 'Test action',
    ),
    result ? resultView(result) : null,
  );
}

function signInChooser(action: ActionCard): HTMLElement {
  const id = `signin-${slug(action.operationId)}`;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, 'Sign-in'),
    h(
      'select',
      {
        id,
        class: 'sign-in',
        onchange: (event: Event) => {
          state.signIn = (event.target as HTMLSelectElement).value;
        },
      },
      (state.data?.signIns ?? []).map((choice) =>
        h('option', { value: choice.id, selected: choice.id === state.signIn }, choice.label),
      ),
    ),
  );
}

/** Test action: runs the card's values and shows the answer (the model again once the emulator has started). */
async function testAction(action: ActionCard): Promise<void> {
  state.running.add(action.operationId);
  state.results.delete(action.operationId);
  render();
  let outcome: TestResult;
  try {
    const call = buildCall(action, valuesOf(action));
    outcome = await runOperation(action.operationId, call.parameters, call.body);
  } catch (error) {
    outcome = {
      error: error instanceof EntryError ? error.message : `The preview server did not answer (${String(error)}).`,
    };
  }
  state.running.delete(action.operationId);
  state.results.set(action.operationId, outcome);
  if (state.data && !state.data.emulator && state.signIn.startsWith('emulator')) await loadModel();
  else render();
}

function resultView(result: TestResult): HTMLElement {
  if (result.error) return h('div', { class: 'result', role: 'status' }, h('p', { class: 'problem' }, result.error));
  const ok = (result.status ?? 0) < 400;
  const requests = result.requests ?? [];
  return h(
    'div',
    { class: 'result', role: 'status', 'data-status': result.status },
    h(
      'p',
      { class: ok ? 'status ok' : 'status failed' },
      `Status ${result.status}`,
      result.durationMs !== undefined ? h('span', { class: 'hint' }, ` in ${result.durationMs.toFixed(1)} ms`) : null,
    ),
    (result.warnings ?? []).length > 0
      ? h(
          'ul',
          { class: 'warnings', 'aria-label': 'Schema warnings' },
          result.warnings!.map((warning) => h('li', {}, warning)),
        )
      : null,
    requests.map((request, index) =>
      requestView(
        request,
        `Request${requests.length > 1 ? ` ${index + 1}` : ''} (${result.requestSource ?? ''}, secrets hidden)`,
      ),
    ),
    responseView(result),
  );
}

function requestView(request: NonNullable<TestResult['requests']>[number], title: string): HTMLElement {
  const lines = [
    `${request.method} ${request.url}`,
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
    '',
    request.body ?? '',
  ];
  return h(
    'details',
    { open: true },
    h('summary', {}, title),
    h('pre', { class: 'request', tabindex: 0 }, lines.join('\n')),
  );
}

function responseView(result: TestResult): HTMLElement {
  const headers = Object.entries(result.headers ?? {}).map(([name, value]) => `${name}: ${value}`);
  const body = typeof result.body === 'string' ? result.body : (JSON.stringify(result.body, null, 2) ?? '');
  return h(
    'details',
    { open: true },
    h('summary', {}, 'Response'),
    h('pre', { class: 'response-headers', tabindex: 0 }, headers.join('\n')),
    h('pre', { class: 'response-body', tabindex: 0 }, body),
  );
}

void loadModel().then(listen, (error: unknown) => {
  document
    .getElementById('app')!
    .replaceChildren(
      h('p', { class: 'problem', role: 'alert' }, `The preview server did not answer: ${String(error)}.`),
    );
});
