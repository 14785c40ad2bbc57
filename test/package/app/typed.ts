// Strict TypeScript against the published .d.ts files: no DOM lib, no @types/node, skipLibCheck
// off, the subpath entries (axon-nn/onnx with @bufbuild/protobuf's types), and the evaluate() form that destructures.
import { Dense, Sequential, ShapeError, tensor, type History, type Model } from 'axon-nn';
import { trainTestSplit } from 'axon-nn/data';
import { Perceptron } from 'axon-nn/estimators';
import type { GpuBackendOptions } from 'axon-nn/gpu';
import { exportOnnx, importOnnx, type ExportOnnxOptions } from 'axon-nn/onnx';
import { liveHistory, plotHistory, type PlotTarget } from 'axon-nn/plot';

const model = new Sequential([new Dense(3, { inputShape: [4], activation: 'softmax' })]);
model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: 'adam', metrics: ['accuracy'] });
const x = tensor(new Float32Array(32), [8, 4]);
const y = tensor(new Int32Array(8), [8]);
const history: History = await model.fit(x, y, { epochs: 1, verbose: 0 });
const losses: number[] | undefined = history.history['loss'];
// A History goes to plotHistory as it is; liveHistory's element needs no DOM types.
const curves: string = plotHistory(history, { metrics: ['loss'] });
const target: PlotTarget = { innerHTML: '' };
await model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [liveHistory(target)] });
const { loss, accuracy } = await model.evaluate(x, y, { returnDict: true });
const either: number | number[] = await model.evaluate(x, y);
const [trainX] = trainTestSplit(x, y, { testSize: 0.25 });
const name: string = new ShapeError('x').name;
const gpu: GpuBackendOptions = { fallback: 'wasm' };
// Names are literal unions: a misspelt loss, metric or optimizer does not compile.
// @ts-expect-error 'sparse_categorical_crossentropyy' is not a loss
model.compile({ loss: 'sparse_categorical_crossentropyy' });
model.compile({ loss: 'huber', metrics: ['logcosh', 'kullbackLeiblerDivergence'] });
// @ts-expect-error 'huberr' is not a loss
model.compile({ loss: 'huberr' });
// @ts-expect-error 'accuracyy' is not a metric
model.compile({ loss: 'mse', metrics: ['accuracyy'] });
model.compile({ loss: 'mse', optimizer: 'adamw' });
// @ts-expect-error 'lamb' is not an optimizer Axon has
model.compile({ loss: 'mse', optimizer: 'lamb' });
const onnxOptions: ExportOnnxOptions = { opset: 13 };
const imported: Model = await importOnnx(await exportOnnx(model, onnxOptions));
export const results = [losses, loss, accuracy, either, trainX, name, Perceptron, gpu, imported];
