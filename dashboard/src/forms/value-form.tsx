import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { formatValueType, type Issue, type ValueType } from "../api/wasmflow.js";
import {
  addItem,
  casesOf,
  childPath,
  type Draft,
  draftOf,
  draftOfJson,
  draftPathOf,
  emptyDraft,
  issuesByField,
  parseJsonText,
  payloadSegment,
  presentType,
  valueOf as readDraft,
  removeItem,
  setCase,
  setChecked,
  setFlag,
  setPresent,
  setText,
  valueOfJson,
} from "./field-model.js";
import "./value-form.css";

export interface ValueFormProps {
  readonly type: ValueType;
  /** The value the form starts from, in the JSON mapping (a flow's `initial`); none: zeros and empties. */
  readonly initial?: unknown;
  readonly submitLabel: string;
  readonly busy?: boolean;
  /** When set, the submit button is disabled and this says why. */
  readonly disabledReason?: string;
  /** The server's issues with the last input sent (INPUT_INVALID), shown by their fields. */
  readonly serverIssues?: readonly Issue[];
  readonly serverError?: string;
  /** Called with the input in the JSON mapping, only once the runtime's own check finds nothing wrong. */
  readonly onSubmit: (value: unknown) => void | Promise<void>;
  /** Prefix of every element id, unique on the page. */
  readonly idPrefix: string;
}

/** A form generated from a value type, checked by the same rules the server applies before it is submitted. */
export function ValueForm(props: ValueFormProps) {
  // Another type is another form: nothing typed for the old one carries over.
  return <TypedForm key={formatValueType(props.type)} {...props} />;
}

const none: readonly Issue[] = [];

function TypedForm(props: ValueFormProps) {
  const { type, idPrefix, busy = false, disabledReason, serverIssues = none, serverError } = props;
  const [draft, setDraft] = useState(() => draftOf(type, props.initial));
  const [mode, setMode] = useState<"form" | "json">("form");
  const [jsonText, setJsonText] = useState("");
  /** Why the JSON could not be shown as the form; cleared by the next edit. */
  const [switchIssues, setSwitchIssues] = useState<readonly Issue[]>(none);
  /** Once a submit was tried, issues follow each edit. */
  const [attempted, setAttempted] = useState(false);
  const pendingFocus = useRef<(() => void) | undefined>(undefined);

  useEffect(() => {
    const focus = pendingFocus.current;
    pendingFocus.current = undefined;
    focus?.();
  });

  const jsonId = `${idPrefix}-json`;
  const read = () => (mode === "form" ? readDraft(type, draft) : valueOfJson(type, jsonText));
  const clientIssues = switchIssues.length > 0 ? switchIssues : attempted ? read().issues : none;
  const issues = distinct([...clientIssues, ...serverIssues]);
  const focusPath = (path: string | undefined) => {
    if (mode === "json" || path === undefined) document.getElementById(jsonId)?.focus();
    else focusField(idPrefix, path);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy || disabledReason !== undefined) return;
    const result = read();
    setAttempted(true);
    const first = result.issues[0];
    // The fields are on the page already: focus can move before the issues are drawn.
    if (first !== undefined) {
      focusPath(draftPathOf(first.path));
      return;
    }
    void props.onSubmit(result.value);
  };

  const toggleJson = () => {
    if (mode === "form") {
      setJsonText(JSON.stringify(readDraft(type, draft).value, null, 2));
      setMode("json");
      return;
    }
    const parsed = parseJsonText(jsonText);
    const back = "issues" in parsed ? { draft, issues: parsed.issues } : draftOfJson(type, parsed.json);
    if (back.issues.length > 0) {
      setSwitchIssues(back.issues);
      pendingFocus.current = () => document.getElementById(jsonId)?.focus();
      return;
    }
    setDraft(back.draft);
    setMode("form");
  };

  const fields: FieldContext = {
    idPrefix,
    byField: issuesByField(issues),
    edit: (update) => setDraft((current) => update(current)),
    focusLater: (id) => {
      pendingFocus.current = () => document.getElementById(id)?.focus();
    },
  };

  return (
    <form className="vf" onSubmit={submit} noValidate aria-busy={busy || undefined}>
      {issues.length > 0 || serverError !== undefined ? (
        <Summary
          issues={issues}
          heading={summaryHeading(serverError, serverIssues.length > 0, switchIssues.length > 0, clientIssues.length)}
          focusPath={focusPath}
        />
      ) : null}
      <div className="vf-toolbar">
        <button type="button" className="vf-toggle" aria-pressed={mode === "json"} onClick={toggleJson}>
          JSON
        </button>
      </div>
      {mode === "form" ? (
        <Field type={type} draft={draft} path="" label="Input" bare={type.kind === "record"} fields={fields} />
      ) : (
        <div className="vf-field">
          <label htmlFor={jsonId} className="vf-label">
            Input as JSON
          </label>
          <span id={`${jsonId}--hint`} className="vf-type">
            {jsonHint(type)}
          </span>
          <textarea
            id={jsonId}
            className="vf-input vf-json"
            rows={Math.min(24, jsonText.split("\n").length + 1)}
            value={jsonText}
            spellCheck={false}
            aria-invalid={issues.length > 0 || undefined}
            aria-describedby={describedBy(`${jsonId}--hint`, `${jsonId}--issues`, issues)}
            onChange={(event) => {
              setJsonText(event.target.value);
              setSwitchIssues(none);
            }}
          />
          <IssueList id={`${jsonId}--issues`} issues={issues} withPaths />
        </div>
      )}
      <div className="vf-actions">
        <button
          type="submit"
          className="primary"
          disabled={busy || disabledReason !== undefined}
          aria-describedby={disabledReason === undefined ? undefined : `${idPrefix}-reason`}
        >
          {props.submitLabel}
        </button>
        <span role="status" className="vf-busy">
          {busy ? "Working…" : ""}
        </span>
        {disabledReason === undefined ? null : (
          <p id={`${idPrefix}-reason`} className="vf-reason">
            {disabledReason}
          </p>
        )}
      </div>
    </form>
  );
}

/** How the JSON view writes what JSON has no type for, named only for the kinds this type holds. */
function jsonHint(type: ValueType): string {
  const held = kindsIn(type);
  const notes = ["64-bit integers past 2^53 as strings", "bytes as base64"];
  if (held.has("variant") || held.has("result")) notes.push('a case as {"tag": name, "val": payload}');
  if (held.has("flags")) notes.push('flags as {"name": true}');
  return `${formatValueType(type)}; ${notes.join(", ")}`;
}

function kindsIn(type: ValueType, into = new Set<ValueType["kind"]>()): Set<ValueType["kind"]> {
  into.add(type.kind);
  switch (type.kind) {
    case "list":
      return kindsIn(type.element, into);
    case "option":
      return kindsIn(type.inner, into);
    case "record":
      for (const field of type.fields) kindsIn(field.type, into);
      return into;
    case "tuple":
      for (const element of type.elements) kindsIn(element, into);
      return into;
    case "variant":
    case "result":
      for (const c of casesOf(type)) if (c.type !== undefined) kindsIn(c.type, into);
      return into;
    default:
      return into;
  }
}

const issueKey = (issue: Issue): string => `${issue.path}\n${issue.code}\n${issue.message}`;

/** The server repeats what the client found when both checked one input: each is listed once. */
function distinct(issues: readonly Issue[]): readonly Issue[] {
  const byKey = new Map<string, Issue>();
  for (const issue of issues) if (!byKey.has(issueKey(issue))) byKey.set(issueKey(issue), issue);
  return [...byKey.values()];
}

function summaryHeading(
  serverError: string | undefined,
  serverListed: boolean,
  switching: boolean,
  count: number,
): string {
  // A server message lists its issues on the lines after the first; they are listed below it anyway.
  if (serverError !== undefined) return serverListed ? (serverError.split("\n")[0] ?? serverError) : serverError;
  if (switching) return "The form has no field for parts of this JSON: fix them here, or keep editing as JSON.";
  return count === 1 ? "The input has 1 problem." : `The input has ${count} problems.`;
}

function Summary(props: {
  readonly issues: readonly Issue[];
  readonly heading: string;
  readonly focusPath: (path: string | undefined) => void;
}) {
  return (
    <div className="vf-summary" role="alert">
      <p className="vf-summary-heading">{props.heading}</p>
      {props.issues.length === 0 ? null : (
        <ul>
          {props.issues.map((issue) => (
            <li key={issueKey(issue)}>
              <button type="button" className="link-button" onClick={() => props.focusPath(draftPathOf(issue.path))}>
                {issue.path}
              </button>
              : {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface FieldContext {
  readonly idPrefix: string;
  readonly byField: ReadonlyMap<string, readonly Issue[]>;
  readonly edit: (update: (draft: Draft) => Draft) => void;
  readonly focusLater: (id: string) => void;
}

interface FieldProps {
  readonly type: ValueType;
  readonly draft: Draft;
  /** The draft path, also each input's `name`: `text`, `tags.0`, `profile.name`. */
  readonly path: string;
  readonly label: string;
  /** Drawn without a group of its own: the whole form's record, or what an option holds. */
  readonly bare?: boolean;
  readonly fields: FieldContext;
}

function Field(props: FieldProps) {
  switch (props.type.kind) {
    case "bool":
      return <BoolField {...props} />;
    case "option":
      return <OptionField {...props} />;
    case "list":
      return <ListField {...props} />;
    case "record":
      return <RecordField {...props} />;
    case "tuple":
      return <TupleField {...props} />;
    case "enum":
      return <EnumField {...props} />;
    case "variant":
    case "result":
      return <CaseField {...props} />;
    case "flags":
      return <FlagsField {...props} />;
    default:
      return <TextField {...props} />;
  }
}

/**
 * An element id for a draft path. Field names hold no "-", and a flag name (which may) is the
 * last segment of a path, so ids of distinct paths in one form never meet.
 */
function fieldId(idPrefix: string, path: string): string {
  return path === "" ? `${idPrefix}-value` : `${idPrefix}-value-${path.replaceAll(".", "-")}`;
}

/** An input's `name`: its draft path, `value` for a whole value that is not a record. */
function fieldName(path: string): string {
  return path === "" ? "value" : path;
}

function describedBy(hintId: string, issuesId: string, issues: readonly Issue[]): string {
  return issues.length > 0 ? `${hintId} ${issuesId}` : hintId;
}

// The control that answers for a path: its input, an option's toggle, a list's add button, its group.
function focusField(idPrefix: string, path: string): void {
  for (let at = path; ; at = at.includes(".") ? at.slice(0, at.lastIndexOf(".")) : "") {
    for (const suffix of ["", "--set", "--add", "--group"]) {
      const element = document.getElementById(`${fieldId(idPrefix, at)}${suffix}`);
      if (element !== null) {
        element.focus();
        return;
      }
    }
    if (at === "") return;
  }
}

function firstControlId(idPrefix: string, type: ValueType, path: string): string {
  switch (type.kind) {
    case "option":
      return `${fieldId(idPrefix, path)}--set`;
    case "list":
      return `${fieldId(idPrefix, path)}--add`;
    case "record": {
      const first = type.fields[0];
      return first === undefined
        ? fieldId(idPrefix, path)
        : firstControlId(idPrefix, first.type, childPath(path, first.name));
    }
    case "tuple": {
      const first = type.elements[0];
      return first === undefined ? fieldId(idPrefix, path) : firstControlId(idPrefix, first, childPath(path, 0));
    }
    case "flags": {
      const first = type.flags[0];
      return first === undefined ? fieldId(idPrefix, path) : fieldId(idPrefix, childPath(path, first));
    }
    default:
      return fieldId(idPrefix, path);
  }
}

function hintOf(type: ValueType, text: string): string {
  if (type.kind === "bytes") return "bytes, as base64";
  if (type.kind === "char") return `char (one character)${codePointOf(text)}`;
  if (type.kind === "f32" || type.kind === "f64") return `${type.kind}; also NaN, Infinity, -Infinity`;
  return formatValueType(type);
}

// Says which char is there when it cannot be seen: a space, a control character, a combining mark.
function codePointOf(text: string): string {
  const points = [...text];
  const point = points.length === 1 ? text.codePointAt(0) : undefined;
  return point === undefined ? "" : `: U+${point.toString(16).toUpperCase().padStart(4, "0")}`;
}

function TextField({ type, draft, path, label, fields }: FieldProps) {
  const id = fieldId(fields.idPrefix, path);
  const issues = fields.byField.get(path) ?? none;
  const text = draft.kind === "text" ? draft.text : "";
  const control = {
    id,
    name: fieldName(path),
    className: type.kind === "char" ? "vf-input vf-char" : "vf-input",
    value: text,
    spellCheck: type.kind === "string",
    "aria-invalid": issues.length > 0 || undefined,
    "aria-describedby": describedBy(`${id}--hint`, `${id}--issues`, issues),
  };
  const change = (event: { target: { value: string } }) => fields.edit((d) => setText(d, path, event.target.value));
  return (
    <div className="vf-field">
      <label htmlFor={id} className="vf-label">
        {label}
      </label>
      <span id={`${id}--hint`} className="vf-type">
        {hintOf(type, text)}
      </span>
      {/* Only a value that already spans lines needs a text area; a line break cannot be typed into one line. */}
      {type.kind === "string" && text.includes("\n") ? (
        <textarea {...control} rows={Math.min(12, text.split("\n").length)} onChange={change} />
      ) : (
        <input
          {...control}
          type="text"
          autoComplete="off"
          inputMode={type.kind === "u32" || type.kind === "u64" ? "numeric" : undefined}
          onChange={change}
        />
      )}
      <IssueList id={`${id}--issues`} issues={issues} />
    </div>
  );
}

function BoolField({ draft, path, label, fields }: FieldProps) {
  const id = fieldId(fields.idPrefix, path);
  const issues = fields.byField.get(path) ?? none;
  return (
    <div className="vf-field vf-check">
      <input
        type="checkbox"
        id={id}
        name={fieldName(path)}
        checked={draft.kind === "bool" && draft.checked}
        aria-invalid={issues.length > 0 || undefined}
        aria-describedby={describedBy(`${id}--hint`, `${id}--issues`, issues)}
        onChange={(event) => fields.edit((d) => setChecked(d, path, event.target.checked))}
      />
      <label htmlFor={id} className="vf-label">
        {label}
      </label>
      <span id={`${id}--hint`} className="vf-type">
        bool
      </span>
      <IssueList id={`${id}--issues`} issues={issues} />
    </div>
  );
}

/** The kinds drawn as a group of fields: a fieldset, or a plain block where a group already names them. */
const groupKinds: ReadonlySet<ValueType["kind"]> = new Set(["list", "record", "tuple", "variant", "result", "flags"]);

function OptionField({ type, draft, path, label, fields }: FieldProps) {
  if (type.kind !== "option" || draft.kind !== "option") return null;
  const id = fieldId(fields.idPrefix, path);
  const inner = presentType(type);
  // What draws a group of its own draws it bare here, inside the option's, which carries the label.
  const container = groupKinds.has(inner.kind);
  return (
    <Group id={id} own={false} label={label} hint={formatValueType(type)} issues={none}>
      <div className="vf-check">
        <input
          type="checkbox"
          id={`${id}--set`}
          name={`${fieldName(path)}:set`}
          checked={draft.set}
          onChange={(event) => fields.edit((d) => setPresent(d, path, event.target.checked))}
        />
        <label htmlFor={`${id}--set`}>Set</label>
      </div>
      {draft.set ? (
        <Field type={inner} draft={draft.inner} path={path} label={container ? label : "Value"} bare fields={fields} />
      ) : null}
    </Group>
  );
}

function ListField({ type, draft, path, label, bare = false, fields }: FieldProps) {
  if (type.kind !== "list" || draft.kind !== "list") return null;
  const id = fieldId(fields.idPrefix, path);
  const element = type.element;
  const add = () => {
    fields.edit((d) => addItem(d, path, emptyDraft(element)));
    fields.focusLater(firstControlId(fields.idPrefix, element, childPath(path, draft.items.length)));
  };
  const remove = (index: number) => {
    fields.edit((d) => removeItem(d, path, index));
    fields.focusLater(`${id}--add`);
  };
  return (
    <Group id={id} label={bare ? undefined : label} hint={formatValueType(type)} issues={fields.byField.get(path)}>
      {draft.items.length === 0 ? (
        <p className="vf-empty">No items.</p>
      ) : (
        <ol className="vf-items">
          {draft.items.map((item, i) => (
            // Items are known by their place: removing one renumbers those after it, names included.
            // biome-ignore lint/suspicious/noArrayIndexKey: the index is the item's path
            <li key={i} className="vf-item">
              <Field type={element} draft={item} path={childPath(path, i)} label={`Item ${i + 1}`} fields={fields} />
              <button type="button" aria-label={`Remove ${label} item ${i + 1}`} onClick={() => remove(i)}>
                Remove
              </button>
            </li>
          ))}
        </ol>
      )}
      <button type="button" id={`${id}--add`} aria-label={`Add item to ${label}`} onClick={add}>
        Add item
      </button>
    </Group>
  );
}

function RecordField({ type, draft, path, label, bare = false, fields }: FieldProps) {
  if (type.kind !== "record" || draft.kind !== "record") return null;
  const id = fieldId(fields.idPrefix, path);
  return (
    <Group id={id} label={bare ? undefined : label} issues={fields.byField.get(path)}>
      {type.fields.map((field) => {
        const own = draft.fields.find((f) => f.name === field.name)?.draft ?? emptyDraft(field.type);
        return (
          <Field
            key={field.name}
            type={field.type}
            draft={own}
            path={childPath(path, field.name)}
            label={field.name}
            fields={fields}
          />
        );
      })}
    </Group>
  );
}

function TupleField({ type, draft, path, label, bare = false, fields }: FieldProps) {
  if (type.kind !== "tuple" || draft.kind !== "tuple") return null;
  const id = fieldId(fields.idPrefix, path);
  return (
    <Group id={id} label={bare ? undefined : label} hint={formatValueType(type)} issues={fields.byField.get(path)}>
      <ol className="vf-items">
        {type.elements.map((element, i) => (
          // A tuple's items are its type's, fixed in number and place.
          // biome-ignore lint/suspicious/noArrayIndexKey: the index is the item's path
          <li key={i} className="vf-item">
            <Field
              type={element}
              draft={draft.items[i] ?? emptyDraft(element)}
              path={childPath(path, i)}
              label={`Item ${i + 1}`}
              fields={fields}
            />
          </li>
        ))}
      </ol>
    </Group>
  );
}

/** A select of the cases, the control that answers for the path of an enum, a variant or a result. */
function CaseSelect(props: {
  readonly id: string;
  readonly path: string;
  readonly names: readonly string[];
  readonly tag: string;
  readonly describedBy: string | undefined;
  readonly invalid: boolean;
  readonly fields: FieldContext;
}) {
  const { path, fields } = props;
  return (
    <select
      id={props.id}
      name={fieldName(path)}
      className="vf-input"
      value={props.tag}
      aria-invalid={props.invalid || undefined}
      aria-describedby={props.describedBy}
      onChange={(event) => fields.edit((d) => setCase(d, path, event.target.value))}
    >
      {props.names.map((name) => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
    </select>
  );
}

function EnumField({ type, draft, path, label, fields }: FieldProps) {
  if (type.kind !== "enum" || draft.kind !== "case") return null;
  const id = fieldId(fields.idPrefix, path);
  const issues = fields.byField.get(path) ?? none;
  return (
    <div className="vf-field">
      <label htmlFor={id} className="vf-label">
        {label}
      </label>
      <span id={`${id}--hint`} className="vf-type">
        enum
      </span>
      <CaseSelect
        id={id}
        path={path}
        names={type.cases}
        tag={draft.tag}
        invalid={issues.length > 0}
        describedBy={describedBy(`${id}--hint`, `${id}--issues`, issues)}
        fields={fields}
      />
      <IssueList id={`${id}--issues`} issues={issues} />
    </div>
  );
}

/** A variant or a result: the case chosen, and below it the field of its payload when it has one. */
function CaseField({ type, draft, path, label, bare = false, fields }: FieldProps) {
  if ((type.kind !== "variant" && type.kind !== "result") || draft.kind !== "case") return null;
  const id = fieldId(fields.idPrefix, path);
  const cases = casesOf(type);
  const payloadType = cases.find((c) => c.name === draft.tag)?.type;
  const payload = draft.payloads.find((p) => p.name === draft.tag)?.draft;
  // The server names a tag it does not know at `shape.tag`, which has no field of its own here.
  const issues = [...(fields.byField.get(path) ?? none), ...(fields.byField.get(childPath(path, "tag")) ?? none)];
  return (
    <Group id={id} label={bare ? undefined : label} hint={type.kind} issues={issues}>
      <div className="vf-field">
        <label htmlFor={id} className="vf-label">
          Case
        </label>
        <CaseSelect
          id={id}
          path={path}
          names={cases.map((c) => c.name)}
          tag={draft.tag}
          invalid={issues.length > 0}
          describedBy={issues.length > 0 ? `${id}--issues` : undefined}
          fields={fields}
        />
      </div>
      {payloadType === undefined || payload === undefined ? null : (
        <Field
          type={payloadType}
          draft={payload}
          path={childPath(path, payloadSegment)}
          label={draft.tag}
          fields={fields}
        />
      )}
    </Group>
  );
}

function FlagsField({ type, draft, path, label, bare = false, fields }: FieldProps) {
  if (type.kind !== "flags" || draft.kind !== "flags") return null;
  const id = fieldId(fields.idPrefix, path);
  return (
    <Group id={id} label={bare ? undefined : label} hint="flags" issues={fields.byField.get(path)}>
      <div className="vf-flags">
        {type.flags.map((flag) => {
          const flagPath = childPath(path, flag);
          const flagId = fieldId(fields.idPrefix, flagPath);
          const issues = fields.byField.get(flagPath) ?? none;
          return (
            <div key={flag} className="vf-check">
              <input
                type="checkbox"
                id={flagId}
                name={fieldName(flagPath)}
                checked={draft.set.includes(flag)}
                aria-invalid={issues.length > 0 || undefined}
                aria-describedby={issues.length > 0 ? `${flagId}--issues` : undefined}
                onChange={(event) => fields.edit((d) => setFlag(d, path, flag, event.target.checked))}
              />
              <label htmlFor={flagId}>{flag}</label>
              <IssueList id={`${flagId}--issues`} issues={issues} />
            </div>
          );
        })}
      </div>
    </Group>
  );
}

/** A fieldset with its legend, or (without a label) a plain block inside a group already named. */
function Group(props: {
  readonly id: string;
  /** False for an option's group: what it holds, drawn inside it, answers for the path. */
  readonly own?: boolean;
  readonly label?: string | undefined;
  readonly hint?: string;
  readonly issues: readonly Issue[] | undefined;
  readonly children: ReactNode;
}) {
  const issues = props.issues ?? none;
  const issuesId = `${props.id}--issues`;
  const groupId = props.own === false ? undefined : `${props.id}--group`;
  const body = (
    <>
      <IssueList id={issuesId} issues={issues} />
      {props.children}
    </>
  );
  if (props.label === undefined) {
    return (
      <div id={groupId} className="vf-block" tabIndex={groupId === undefined ? undefined : -1}>
        {body}
      </div>
    );
  }
  return (
    <fieldset
      id={groupId}
      className="vf-group"
      tabIndex={groupId === undefined ? undefined : -1}
      aria-describedby={issues.length > 0 ? issuesId : undefined}
    >
      <legend className="vf-label">
        {props.label}
        {props.hint === undefined ? null : <span className="vf-type"> {props.hint}</span>}
      </legend>
      {body}
    </fieldset>
  );
}

function IssueList(props: { readonly id: string; readonly issues: readonly Issue[]; readonly withPaths?: boolean }) {
  if (props.issues.length === 0) return null;
  return (
    <ul id={props.id} className="vf-issues">
      {props.issues.map((issue) => (
        <li key={issueKey(issue)}>
          {props.withPaths === true ? <code>{issue.path}: </code> : null}
          {issue.message}
        </li>
      ))}
    </ul>
  );
}
