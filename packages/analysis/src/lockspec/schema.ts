/**
 * The JSON Schema (draft-07) of `lockctx.json`, as data. It is the single
 * source of truth: `validate.ts` interprets it to produce precise errors,
 * and `schema/lockctx.schema.json` is this object written out (a test keeps
 * them equal). Every object closes its properties, so the schema accepts
 * exactly the shapes of `types.ts` and `config.ts`.
 */
import { CHECK_IDS } from '../catalog.js';
import { PRESETS } from './presets.js';

/** The subset of JSON Schema draft-07 the schema uses. */
export interface JsonSchema {
  $schema?: string;
  $id?: string;
  $ref?: string;
  title?: string;
  description?: string;
  type?: JsonType | JsonType[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  minItems?: number;
  uniqueItems?: boolean;
  enum?: (string | number | boolean | null)[];
  const?: string | number | boolean | null;
  oneOf?: JsonSchema[];
  minimum?: number;
  minLength?: number;
  pattern?: string;
  definitions?: Record<string, JsonSchema>;
}

/** JSON Schema's type names. */
export type JsonType =
  'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

const ref = (name: string): JsonSchema => ({ $ref: `#/definitions/${name}` });
const strings = (description: string): JsonSchema => ({
  description,
  type: 'array',
  items: { type: 'string', minLength: 1 },
});
const path = (description: string): JsonSchema => ({
  description,
  type: 'array',
  items: { type: 'string', minLength: 1 },
  minItems: 1,
});
const index: JsonSchema = { type: 'integer', minimum: 0 };
const indexOrLast = (description: string): JsonSchema => ({
  description,
  oneOf: [index, { const: 'last' }],
});
/** A closed object. */
const object = (
  description: string,
  properties: Record<string, JsonSchema>,
  required: string[] = [],
): JsonSchema => ({
  description,
  type: 'object',
  properties,
  ...(required.length > 0 ? { required } : {}),
  additionalProperties: false,
});

/** Members every acquisition form shares. */
const acquisitionBase: Record<string, JsonSchema> = {
  method: {
    description:
      'The method called on the lock object; null when the lock object is itself the function to call.',
    type: ['string', 'null'],
    minLength: 1,
  },
  via: path('Property path from the lock object to the receiver (["write"]).'),
  mode: ref('LockMode'),
  modeOption: ref('ModeOption'),
  key: ref('KeySpec'),
  attempts: {
    description: 'How the acquisition can complete without taking the lock.',
    type: 'array',
    items: ref('Attempt'),
  },
  weight: ref('ArgumentValue'),
};

const definitions: Record<string, JsonSchema> = {
  LockSpec: object(
    'One lock API, described as data.',
    {
      id: {
        description: 'Unique identifier (`my-lib.Mutex`).',
        type: 'string',
        minLength: 1,
      },
      kind: {
        description: 'What kind of lock it is; used in messages.',
        enum: [
          'spinlock',
          'mutex',
          'semaphore',
          'rwlock',
          'keyed-mutex',
          'file-lock',
          'lease',
        ],
      },
      description: { description: 'One sentence for hovers.', type: 'string' },
      checkedAgainst: {
        description: 'The library version the spec was checked against.',
        type: 'string',
      },
      sources: {
        description: 'How values holding this lock are found.',
        type: 'array',
        items: ref('LockSource'),
        minItems: 1,
      },
      acquire: {
        description: 'The ways the lock is taken.',
        type: 'array',
        items: ref('Acquisition'),
        minItems: 1,
      },
      release: {
        description:
          'Ways to release a lock taken by a call or continuation acquisition.',
        type: 'array',
        items: ref('Release'),
      },
      spin: {
        description:
          'true: a spin lock, never held across await; false: a sleeping lock.',
        type: 'boolean',
      },
      reentrant: {
        description:
          'Whether the holder may take it again; a condition makes it depend on an option.',
        oneOf: [{ type: 'boolean' }, ref('OptionCondition')],
      },
      capacity: ref('Capacity'),
      lease: ref('Lease'),
      asserts: {
        description: 'Runtime checks that, asserted, make the lock held.',
        type: 'array',
        items: ref('Assertion'),
      },
      waitsForRelease: strings(
        'Lockable methods that wait for the lock to be free without taking it.',
      ),
      lockableWrites: strings(
        'Lockable members that write and take the lock themselves.',
      ),
      lockableReads: strings(
        'Lockable members that read without needing the lock.',
      ),
      wrappers: {
        description:
          'Package exports that return the same lock with another acquisition policy.',
        type: 'array',
        items: ref('Wrapper'),
      },
    },
    ['id', 'kind', 'sources', 'acquire', 'spin', 'reentrant'],
  ),
  LockSource: {
    description: 'One way to find values that are this lock.',
    oneOf: [
      object(
        'An export of a package.',
        {
          from: { const: 'package' },
          package: {
            description: 'The module specifier.',
            type: 'string',
            minLength: 1,
          },
          export: {
            description:
              'An export name, `default`, or `*` for the module itself.',
            type: 'string',
            minLength: 1,
          },
          create: {
            description: 'How the lock object is made from the export.',
            enum: ['new', 'call', 'self'],
          },
        },
        ['from', 'package', 'export', 'create'],
      ),
      object(
        'A global object path.',
        {
          from: { const: 'global' },
          path: path('Path from the global object.'),
        },
        ['from', 'path'],
      ),
      object(
        'A declared type.',
        {
          from: { const: 'type' },
          package: {
            description: 'Exporting package; absent for a global type.',
            type: 'string',
            minLength: 1,
          },
          name: {
            description: 'The type name, dotted for namespace members.',
            type: 'string',
            minLength: 1,
          },
          role: {
            description: 'What values of the type are.',
            enum: ['lockable', 'handle', 'cursor'],
          },
        },
        ['from', 'name', 'role'],
      ),
      object(
        'A hand-written lock, by its members.',
        {
          from: { const: 'shape' },
          members: {
            description:
              'Each inner list: the object has one of these members.',
            type: 'array',
            items: {
              type: 'array',
              items: { type: 'string', minLength: 1 },
              minItems: 1,
            },
            minItems: 1,
          },
          resultCalled: {
            description: "Only when the acquisition's result is called later.",
            type: 'boolean',
          },
        },
        ['from', 'members'],
      ),
    ],
  },
  Acquisition: {
    description: 'A way the lock is taken.',
    oneOf: [
      object(
        'A call that returns (or resolves to) something held after it.',
        {
          form: { const: 'call' },
          ...acquisitionBase,
          async: {
            description:
              'true: returns a promise fulfilled once held; "either": decided by whether it is awaited.',
            oneOf: [{ type: 'boolean' }, { const: 'either' }],
          },
          yields: ref('Handle'),
        },
        ['form', 'method', 'async', 'yields'],
      ),
      object(
        'A call that runs a callback under the lock.',
        {
          form: { const: 'callback' },
          ...acquisitionBase,
          callback: indexOrLast('Which argument is the callback.'),
          async: {
            description: 'The call returns a promise.',
            type: 'boolean',
          },
          heldUntil: {
            description: 'When the lock is released.',
            enum: ['return', 'settle', 'release-param'],
          },
          params: {
            description: 'What each callback parameter is.',
            type: 'array',
            items: {
              enum: [
                'guard',
                'releaser',
                'releaser-factory',
                'lock-info',
                'value',
                'ignored',
              ],
            },
          },
          doneParam: {
            description:
              'A callback declaring this parameter holds the lock until calling it.',
            ...index,
          },
          rejectsAsyncCallback: {
            description: 'The library rejects an async callback.',
            type: 'boolean',
          },
        },
        ['form', 'method', 'callback', 'async', 'heldUntil'],
      ),
      object(
        'A node-style call whose completion callback runs once the lock is held.',
        {
          form: { const: 'continuation' },
          ...acquisitionBase,
          callback: indexOrLast('Which argument is the completion callback.'),
          errorFirst: {
            description: 'The completion callback gets an error first.',
            type: 'boolean',
          },
        },
        ['form', 'method', 'callback', 'errorFirst'],
      ),
    ],
  },
  Handle: {
    description: 'What a call acquisition yields while the lock is held.',
    oneOf: [
      object(
        'An object whose methods release the lock.',
        {
          kind: { const: 'guard' },
          release: path('Guard methods that release the lock.'),
          async: {
            description: 'The release methods return a promise.',
            type: 'boolean',
          },
          disposable: {
            description: '`using` (sync) or `await using` (async) releases it.',
            enum: ['sync', 'async'],
          },
          guardOnly: strings('Methods that exist only on a guard.'),
          evidence: strings(
            'Guard-only methods that, called once on a parameter, show it is a guard.',
          ),
          reads: strings('Guard methods that read the locked state.'),
          writes: strings('Guard methods that change the locked state.'),
          safeProps: strings('Guard properties safe to read after release.'),
          cursor: object(
            'Cursors created from the guard.',
            {
              create: strings('Guard methods that create a cursor.'),
              writes: strings('Cursor methods that write.'),
            },
            ['create', 'writes'],
          ),
        },
        ['kind', 'release'],
      ),
      object(
        'A function that releases the lock.',
        {
          kind: { const: 'releaser' },
          async: {
            description: 'The releaser returns a promise.',
            type: 'boolean',
          },
        },
        ['kind'],
      ),
      object(
        'An array holding the releaser.',
        { kind: { const: 'tuple' }, releaser: index },
        ['kind', 'releaser'],
      ),
      object(
        'A value handed back to the release method.',
        {
          kind: { const: 'token' },
        },
        ['kind'],
      ),
      object(
        'Nothing: the lock object itself is released.',
        {
          kind: { const: 'none' },
        },
        ['kind'],
      ),
    ],
  },
  Release: {
    description: 'A way to release the lock.',
    oneOf: [
      object("Through the acquisition's handle.", { by: { const: 'handle' } }, [
        'by',
      ]),
      object(
        'A method of the lock object.',
        {
          by: { const: 'lockable' },
          method: { type: 'string', minLength: 1 },
          via: path('Property path to the receiver.'),
          passes: {
            description: 'What identifies the held lock among the arguments.',
            enum: ['handle', 'key', 'none'],
          },
          weight: ref('ArgumentValue'),
          async: { description: 'Returns a promise.', type: 'boolean' },
          callback: {
            description: 'Takes a node-style completion callback last.',
            type: 'boolean',
          },
        },
        ['by', 'method', 'passes'],
      ),
    ],
  },
  LockMode: { description: 'A lock mode.', enum: ['exclusive', 'shared'] },
  ModeOption: object(
    'Chooses the mode from an options argument.',
    {
      arg: index,
      property: { type: 'string', minLength: 1 },
      shared: {
        description: 'Property value for shared mode.',
        type: 'string',
      },
      default: ref('LockMode'),
    },
    ['arg', 'property', 'shared', 'default'],
  ),
  KeySpec: object(
    'Where the key of a keyed lock is.',
    {
      on: {
        description:
          'The key is an argument of the creating call: objects with equal keys are one lock.',
        const: 'constructor',
      },
      arg: index,
      array: { description: 'An array of keys takes each.', type: 'boolean' },
      path: { description: 'Keys are file paths.', type: 'boolean' },
    },
    ['arg'],
  ),
  Attempt: object(
    'How an acquisition can complete without the lock held.',
    {
      failure: { enum: ['false', 'undefined', 'null-param', 'reject'] },
      when: ref('OptionCondition'),
    },
    ['failure'],
  ),
  Capacity: object(
    'How many holders a counting lock admits.',
    {
      from: {
        oneOf: [
          ref('ArgumentValue'),
          object(
            'A fixed capacity.',
            { value: { type: 'integer', minimum: 1 } },
            ['value'],
          ),
        ],
      },
      lockOnlyWhenOne: {
        description: 'A lock only when the capacity is statically 1.',
        type: 'boolean',
      },
    },
    ['from'],
  ),
  Lease: object(
    'A lease that expires unless renewed.',
    {
      ttl: ref('ArgumentValue'),
      renewal: { enum: ['manual', 'automatic'] },
      extendGuard: strings('Guard methods that extend the lease.'),
      extendLockable: strings(
        'Lockable methods that extend a lease passed first.',
      ),
      extendYieldsHandle: {
        description: 'Extending returns a new handle that replaces the old.',
        type: 'boolean',
      },
    },
    ['ttl', 'renewal'],
  ),
  Assertion: object(
    'A runtime check that proves the lock held.',
    {
      member: { type: 'string', minLength: 1 },
      call: { description: 'Called, or read as a property.', type: 'boolean' },
      via: path('Property path to the receiver.'),
      key: ref('KeySpec'),
      async: { description: 'Returns a promise.', type: 'boolean' },
    },
    ['member', 'call'],
  ),
  Wrapper: object(
    'A package export returning the same lock with another policy.',
    {
      export: { type: 'string', minLength: 1 },
      lockArg: index,
      attempt: ref('Attempt'),
    },
    ['export', 'lockArg', 'attempt'],
  ),
  ArgumentValue: object(
    'A numeric value given at a call.',
    {
      arg: index,
      property: { type: 'string', minLength: 1 },
      default: { type: 'number' },
    },
    ['arg'],
  ),
  OptionCondition: object(
    'A condition on an options argument.',
    {
      on: { enum: ['constructor', 'acquire'] },
      arg: indexOrLast('Argument index of the options object.'),
      property: { type: 'string', minLength: 1 },
      equals: { type: ['string', 'number', 'boolean'] },
    },
    ['on', 'arg', 'property'],
  ),
};

/** Check ids, as `lockctx.json` may name them. */
const checkMap = (description: string, value: JsonSchema): JsonSchema =>
  object(description, Object.fromEntries(CHECK_IDS.map((id) => [id, value])));

/** The schema of `lockctx.json` (and of the `lockctx` ESLint and editor settings). */
export const LOCKCTX_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://lockctx.dev/lockctx.schema.json',
  title: 'lockctx.json',
  description:
    'lockctx project settings: which lock presets apply, custom locks, and check settings. Data only: nothing in it is executed.',
  type: 'object',
  properties: {
    $schema: { description: 'This schema, for editors.', type: 'string' },
    presets: {
      description:
        'The built-in lock presets to use, by id. Absent: all of them.',
      type: 'array',
      items: { enum: PRESETS.map((p) => p.id) },
      uniqueItems: true,
    },
    locks: {
      description: 'Custom lock APIs, described as data.',
      type: 'array',
      items: ref('LockSpec'),
    },
    rules: checkMap(
      'Severity per check: "off" turns it off everywhere; the command line reports every other severity, the editor shows each as it says.',
      { enum: ['off', 'hint', 'info', 'warn', 'error'] },
    ),
    ignorePatterns: strings(
      '.gitignore-style patterns relative to this file: files the command line does not check and the editor does not index.',
    ),
  },
  additionalProperties: false,
  definitions,
};
