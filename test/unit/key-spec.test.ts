// Resolving --key/--fold/--no-fold into a KeySpec: the profiles' step lists, the version
// string that reports record, and the errors the CLI turns into exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeKeyHelp, PROFILE_NAMES, resolveKeySpec, STEP_NAMES, type KeySpec } from '../../src/key/index.js';

function specOf(profile: string, fold: string[] = [], noFold: string[] = []): KeySpec {
  const result = resolveKeySpec(profile, fold, noFold);
  assert.equal(result.kind, 'ok', result.kind === 'error' ? result.message : '');
  return (result as { kind: 'ok'; spec: KeySpec }).spec;
}

function errorOf(profile: string, fold: string[] = [], noFold: string[] = []): string {
  const result = resolveKeySpec(profile, fold, noFold);
  assert.equal(result.kind, 'error');
  return (result as { kind: 'error'; message: string }).message;
}

test("standard runs the issue's eleven steps in the issue's order", () => {
  assert.deepEqual(specOf('standard').steps, [
    'nfkc',
    'invisible',
    'tatweel',
    'diacritics',
    'alef',
    'hamza',
    'yeh',
    'teh-marbuta',
    'digits',
    'punctuation',
    'whitespace',
  ]);
});

test('aggressive is standard plus case, strip-punctuation and digits-zero, whitespace still last', () => {
  const steps = specOf('aggressive').steps;
  assert.deepEqual(
    steps.filter((s) => !specOf('standard').steps.includes(s)),
    ['case', 'strip-punctuation', 'digits-zero'],
  );
  assert.equal(steps.at(-1), 'whitespace');
});

test('exact has no steps', () => {
  assert.deepEqual(specOf('exact').steps, []);
});

const versions: [string, string[], string[], string, string][] = [
  ['standard', [], [], 'standard/1', 'a bare profile'],
  ['exact', [], [], 'exact/1', 'a bare profile'],
  ['aggressive', [], [], 'aggressive/1', 'a bare profile'],
  ['standard', ['case'], [], 'standard/1+case', 'one added step'],
  ['standard', [], ['yeh', 'teh-marbuta'], 'standard/1-yeh,-teh-marbuta', 'removals in run order'],
  ['standard', [], ['teh-marbuta', 'yeh'], 'standard/1-yeh,-teh-marbuta', "the user's order does not matter"],
  ['standard', ['case'], ['yeh'], 'standard/1-yeh,+case', 'mixed changes in run order'],
  ['standard', ['nfkc', 'nfkc'], [], 'standard/1', 'adding a step already there is no change'],
  ['standard', [], ['case'], 'standard/1', 'removing a step not there is no change'],
  ['exact', ['whitespace'], [], 'exact/1+whitespace', 'folding on top of exact'],
  ['aggressive', [], ['digits-zero'], 'aggressive/1-digits-zero', 'trimming aggressive'],
];

for (const [profile, fold, noFold, version, why] of versions) {
  test(`version ${version}: ${why}`, () => {
    assert.equal(specOf(profile, fold, noFold).version, version);
  });
}

test('the same effective steps from two profiles still give two versions (the profile is recorded)', () => {
  const fromStandard = specOf('standard', ['case', 'strip-punctuation', 'digits-zero']);
  const fromAggressive = specOf('aggressive');
  assert.deepEqual(fromStandard.steps, fromAggressive.steps);
  assert.notEqual(fromStandard.version, fromAggressive.version);
});

test('an unknown profile names itself and lists the valid ones', () => {
  const message = errorOf('standrad');
  assert.match(message, /'standrad'/);
  for (const name of PROFILE_NAMES) assert.match(message, new RegExp(name));
});

test('profile names are exact: no case folding, no padding', () => {
  errorOf('Standard');
  errorOf(' standard');
});

test('an unknown step in --fold or --no-fold names itself and lists every valid step', () => {
  for (const message of [errorOf('standard', ['kashida']), errorOf('standard', [], ['kashida'])]) {
    assert.match(message, /'kashida'/);
    for (const name of STEP_NAMES) assert.ok(message.includes(name), `${name} missing from: ${message}`);
  }
});

test('an empty step name (from "a,,b") is an error, not silently ignored', () => {
  assert.match(errorOf('standard', ['case', '']), /''/);
});

test('a step both added and removed is an error', () => {
  assert.match(errorOf('standard', ['yeh'], ['yeh']), /'yeh'.*both/);
});

test('--help text lists every profile and every step', () => {
  const help = describeKeyHelp();
  for (const name of [...PROFILE_NAMES, ...STEP_NAMES]) assert.match(help, new RegExp(`^  ${name} `, 'm'));
});
